/**
 * OpenAPI 3.1 from the routes themselves: `describe` documents an operation where it is registered,
 * the `json`/`query`/`param` validators document its inputs, and `openApiDocument` walks the app's
 * router. A route registered without `describe` is missing from the document (a test checks none is).
 */
import { JSONSchema, Schema, SchemaAST } from "effect"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "../env.js"
import { problemTable } from "./problem.js"
import { attachDoc, type OperationDoc, type RouteDoc, readDoc } from "./route-docs.js"

/** Documents the operation of the route it is registered on. */
export const describe = (doc: Omit<OperationDoc, "kind">): MiddlewareHandler<ApiEnv> =>
  attachDoc<MiddlewareHandler<ApiEnv>>(
    async (c, next) => {
      // The input validators read it: only public routes decode an anonymous caller's input.
      c.set("publicRoute", doc.public === true)
      return next()
    },
    { kind: "operation", ...doc },
  )

export const ProblemSchema = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Schema.Number,
  detail: Schema.optional(Schema.String),
  instance: Schema.optional(Schema.String),
  errors: Schema.Array(Schema.Struct({ field: Schema.String, message: Schema.String })),
  retryAfter: Schema.optional(Schema.Number),
}).annotations({
  identifier: "Problem",
  description: "RFC 9457 problem details; `errors` names each offending field",
})

type Json = Readonly<Record<string, unknown>>

// An optional property's type is `X | undefined`; a parameter is simply not required.
const withoutUndefined = (ast: SchemaAST.AST): SchemaAST.AST => {
  if (!SchemaAST.isUnion(ast)) return ast
  const types = ast.types.filter((t) => !SchemaAST.isUndefinedKeyword(t))
  const [only] = types
  return types.length === 1 && only ? only : SchemaAST.Union.make(types)
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")

/** What the document reads of an app: its router's routes. */
export interface RoutedApp {
  readonly routes: ReadonlyArray<{
    readonly method: string
    readonly path: string
    readonly handler: unknown
  }>
}

/** Routes of the app that the document must list: every method-specific route. */
export const documentedRoutes = (app: RoutedApp) => {
  const byKey = new Map<string, { method: string; path: string; docs: Array<RouteDoc> }>()
  for (const route of app.routes) {
    if (route.method === "ALL") continue
    const key = `${route.method} ${route.path}`
    const entry = byKey.get(key) ?? { method: route.method, path: route.path, docs: [] }
    const doc = readDoc(route.handler)
    if (doc) entry.docs.push(doc)
    byKey.set(key, entry)
  }
  return [...byKey.values()]
}

export const openApiDocument = (app: RoutedApp, info: { title: string; version: string }) => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const toJsonSchema = (schema: Schema.Schema.Any) =>
    JSONSchema.fromAST(schema.ast, {
      definitions,
      definitionPath: "#/components/schemas/",
      target: "openApi3.1",
    })
  const problemRef = toJsonSchema(ProblemSchema)

  const parametersOf = (schema: Schema.Schema.Any, location: "query" | "path") => {
    const ast = schema.ast
    if (!SchemaAST.isTypeLiteral(ast)) return []
    return ast.propertySignatures.map((property) => ({
      name: String(property.name),
      in: location,
      required: location === "path" || !property.isOptional,
      schema: JSONSchema.fromAST(withoutUndefined(property.type), {
        definitions,
        definitionPath: "#/components/schemas/",
        target: "openApi3.1",
      }),
    }))
  }

  const paths: Record<string, Record<string, Json>> = {}
  for (const route of documentedRoutes(app)) {
    const operation = route.docs.find((d): d is OperationDoc => d.kind === "operation")
    if (!operation) continue
    const parameters: Array<Json> = []
    let requestBody: Json | undefined
    for (const doc of route.docs) {
      if (doc.kind !== "input") continue
      if (doc.target === "json") {
        requestBody = {
          required: true,
          content: { "application/json": { schema: toJsonSchema(doc.schema) } },
        }
      } else {
        parameters.push(...parametersOf(doc.schema, doc.target === "param" ? "path" : "query"))
      }
    }
    for (const name of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
      if (!parameters.some((p) => p.name === name[1] && p.in === "path")) {
        parameters.push({ name: name[1], in: "path", required: true, schema: { type: "string" } })
      }
    }
    parameters.push(...(operation.parameters ?? []).map((p) => ({ ...p })))
    const responses: Record<string, Json> = {}
    for (const [status, response] of Object.entries(operation.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? {
              content: {
                [response.contentType ?? "application/json"]: { schema: toJsonSchema(response.schema) },
              },
            }
          : {}),
      }
    }
    responses.default = {
      description: "A refusal, as problem+json",
      content: { "application/problem+json": { schema: problemRef } },
    }
    const path = openApiPath(route.path)
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? "").toUpperCase())}`,
        summary: operation.summary,
        ...(operation.description ? { description: operation.description } : {}),
        tags: operation.tags,
        ...(operation.public ? { security: [] } : {}),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(requestBody ? { requestBody } : {}),
        responses,
      },
    }
  }

  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description:
        "CRM host and integration API. Sign in with `POST /api/v1/session` (cookie + CSRF token for writes) " +
        "or send an API token as `Authorization: Bearer …`. Every refusal is problem+json (RFC 9457).",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas: definitions,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token from POST /api/v1/tokens" },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "crm_session",
          description: "Session cookie; writes also need the X-CSRF-Token header returned at sign-in",
        },
      },
    },
    "x-problem-types": Object.entries(problemTable).map(([tag, spec]) => ({
      tag,
      status: spec.status,
      title: spec.title,
    })),
  }
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>
