/**
 * HTTP plumbing shared by the routes: the V3 error envelope with RFC 9457 members (projects-api.md §6),
 * JSON body reading (JSON only on writes) and query/param helpers.
 */
import { decodeInput, invalidBody, type ProjectsApiError } from "@app/core/projects-emulator"
import type { Schema } from "effect"
import type { Context } from "hono"
import { createMiddleware } from "hono/factory"
import type { MockEnv } from "./env.js"

const human = (title: string) => {
  const s = title.toLowerCase().replace(/_/g, " ")
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export const errorBody = (err: ProjectsApiError, instance: string) => {
  const details =
    err.field === undefined ? [{ message: err.detail }] : [{ field_name: err.field, message: err.detail }]
  return {
    error: {
      status_code: String(err.status),
      title: err.title,
      error_type: err.errorType,
      instance,
      message: err.detail,
      details,
    },
    type: `urn:projects:error:${err.title}`,
    title: human(err.title),
    status: err.status,
    detail: err.detail,
    instance,
    ...(err.field === undefined ? {} : { errors: [{ field: err.field, message: err.detail }] }),
  }
}

export const errorResponse = (err: ProjectsApiError, path: string, accept: string | undefined): Response => {
  const headers: Record<string, string> = {
    "content-type": accept?.includes("application/problem+json")
      ? "application/problem+json"
      : "application/json",
  }
  if (err.retryAfter !== undefined) headers["retry-after"] = String(err.retryAfter)
  return new Response(JSON.stringify(errorBody(err, path)), { status: err.status, headers })
}

/** Reads a JSON body; a form body or a non-JSON text on a write is 400 INVALID_REQUEST_BODY. */
export const readJson = async (c: Context<MockEnv>): Promise<unknown> => {
  const type = c.req.header("content-type") ?? ""
  const text = await c.req.text()
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data"))
    throw invalidBody("Only JSON bodies are accepted")
  if (text.trim() === "") return {}
  try {
    return JSON.parse(text)
  } catch {
    throw invalidBody("The body is not valid JSON")
  }
}

export const query = (c: Context<MockEnv>): Record<string, string> => c.req.query()

export const param = (c: Context<MockEnv>, name: string): string => {
  const v = c.req.param(name as never) as string | undefined
  return v ?? ""
}

export const credentials = (c: Context<MockEnv>) => ({
  authorization: c.req.header("authorization"),
  zscKey: c.req.header("x-zsc-key"),
  zscEmail: c.req.header("x-zsc-email"),
})

/**
 * A control-API body decoded through its core Schema: a bad one answers the Projects 400 naming the
 * field, and the route's input type (what `hc` clients send) is the Schema's encoded side.
 */
export const jsonBody = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = decodeInput(schema)
  return createMiddleware<MockEnv, string, { in: { json: I }; out: { json: A } }>(async (c, next) => {
    c.req.addValidatedData("json", decode(await readJson(c)) as object)
    await next()
  })
}
