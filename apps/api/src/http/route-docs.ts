/**
 * Documentation attached to route middleware, read back from `app.routes` to build the OpenAPI
 * document: what is documented is exactly what is registered.
 */
import type { Schema } from "effect"

export const ROUTE_DOC = Symbol.for("@app/api/route-doc")

export interface ResponseDoc {
  readonly description: string
  /** The body's schema (its encoded side is documented); absent for empty bodies. */
  readonly schema?: Schema.Schema.Any
  readonly contentType?: string
}

export interface ExtraParameter {
  readonly name: string
  readonly in: "query" | "header"
  readonly description: string
  readonly style?: "deepObject"
  readonly schema: Readonly<Record<string, unknown>>
}

export interface OperationDoc {
  readonly kind: "operation"
  readonly summary: string
  readonly description?: string
  readonly tags: ReadonlyArray<string>
  /** No credentials needed (sign-in, health). */
  readonly public?: boolean
  readonly responses: Readonly<Record<number, ResponseDoc>>
  readonly parameters?: ReadonlyArray<ExtraParameter>
}

export interface InputDoc {
  readonly kind: "input"
  readonly target: "json" | "query" | "param"
  readonly schema: Schema.Schema.Any
}

export type RouteDoc = OperationDoc | InputDoc

export const attachDoc = <H extends object>(handler: H, doc: RouteDoc): H =>
  Object.assign(handler, { [ROUTE_DOC]: doc })

export const readDoc = (handler: unknown): RouteDoc | undefined => {
  if (typeof handler !== "function" || !(ROUTE_DOC in handler)) return undefined
  return handler[ROUTE_DOC] as RouteDoc
}
