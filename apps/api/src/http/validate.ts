/**
 * Input decoding with Effect Schema as Hono middleware: JSON bodies, query strings and path
 * parameters. A refusal is problem+json naming each offending field; the decoded value is read
 * with `c.req.valid(target)`, typed for routes and for the console's `hc` client.
 */
import { Unauthenticated } from "@app/core/crm"
import { unstorablePaths } from "@app/core/persistence"
import { Either, ParseResult, Schema } from "effect"
import type { Context, MiddlewareHandler } from "hono"
import type { ApiEnv } from "../env.js"
import type { FieldError } from "./problem.js"
import { problem } from "./problem.js"
import { attachDoc } from "./route-docs.js"
import { CoreFailure } from "./run-effect.js"

// A refusal says what was expected, never what was sent: the value may be a key or a password
// (sent as an array, or too long), and problem bodies reach logs and screens.
const withoutActual = (message: string) => message.replace(/,?\s*actual[\s\S]*$/, "").slice(0, 300)

/** One entry per offending input; `field` is its dotted path (or `body` for the whole body). */
export const fieldErrors = (error: ParseResult.ParseError, root: string): ReadonlyArray<FieldError> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".").slice(0, 200) : root,
    message: withoutActual(issue.message),
    code: issue._tag === "Missing" ? "required" : issue._tag === "Unexpected" ? "unexpected" : "invalid",
  }))

/** Text the database cannot store (U+0000, unpaired surrogates) is refused before anything reads it. */
const unstorableFields = (value: unknown, root: string): ReadonlyArray<FieldError> =>
  unstorablePaths(value, root).map((field) => ({
    field,
    message: "contains a character that cannot be stored (U+0000 or an unpaired surrogate)",
    code: "unstorable",
  }))

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i

/** JSON nested deeper than any body of this API is refused before it is decoded. */
export const MAX_JSON_DEPTH = 32

const depthOf = (value: unknown): number => {
  let deepest = 0
  const pending: Array<readonly [unknown, number]> = [[value, 1]]
  while (pending.length > 0) {
    const [next, depth] = pending.pop() ?? [undefined, 0]
    if (typeof next !== "object" || next === null) continue
    deepest = Math.max(deepest, depth)
    if (deepest > MAX_JSON_DEPTH) return deepest
    for (const child of Object.values(next)) pending.push([child, depth + 1])
  }
  return deepest
}

/**
 * Anonymous callers learn nothing of a route's inputs: a route that needs an actor answers 401
 * before its body, query or path is read.
 */
const refuseAnonymous = (c: Context<ApiEnv>) => {
  if (c.var.actor === undefined && !c.var.publicRoute) {
    throw new CoreFailure(new Unauthenticated({ reason: c.var.authFailure }))
  }
}

/** Decodes a JSON body; wrong content type → 415, unparsable → 400, invalid → 400 naming fields. */
export const json = <A, I>(schema: Schema.Schema<A, I, never>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  const middleware: MiddlewareHandler<ApiEnv, string, { in: { json: I }; out: { json: A } }> = async (
    c,
    next,
  ) => {
    refuseAnonymous(c)
    if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) {
      return problem(c, 415, "Unsupported media type", {
        code: "UnsupportedMediaType",
        errors: [{ field: "Content-Type", message: "must be application/json" }],
      })
    }
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return problem(c, 400, "Malformed JSON", {
        code: "MalformedJson",
        errors: [{ field: "body", message: "is not valid JSON" }],
      })
    }
    if (depthOf(body) > MAX_JSON_DEPTH) {
      return problem(c, 400, "Malformed JSON", {
        code: "MalformedJson",
        errors: [{ field: "body", message: `is nested deeper than ${MAX_JSON_DEPTH} levels` }],
      })
    }
    const unstorable = unstorableFields(body, "body")
    if (unstorable.length > 0) {
      return problem(c, 400, "Invalid request body", { code: "InvalidRequestBody", errors: unstorable })
    }
    const decoded = decode(body)
    if (Either.isLeft(decoded)) {
      return problem(c, 400, "Invalid request body", {
        code: "InvalidRequestBody",
        errors: fieldErrors(decoded.left, "body"),
      })
    }
    c.req.addValidatedData("json", decoded.right as object)
    await next()
  }
  return attachDoc(middleware, { kind: "input", target: "json", schema })
}

/** Decodes the query string (first value of each name); unknown names are ignored. */
export const query = <A, I extends Record<string, string | undefined>>(
  schema: Schema.Schema<A, I, never>,
) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all" })
  const middleware: MiddlewareHandler<ApiEnv, string, { in: { query: I }; out: { query: A } }> = async (
    c,
    next,
  ) => {
    refuseAnonymous(c)
    const unstorable = unstorableFields(c.req.query(), "query")
    if (unstorable.length > 0) {
      return problem(c, 400, "Invalid query parameters", { code: "InvalidQuery", errors: unstorable })
    }
    const decoded = decode(c.req.query())
    if (Either.isLeft(decoded)) {
      return problem(c, 400, "Invalid query parameters", {
        code: "InvalidQuery",
        errors: fieldErrors(decoded.left, "query"),
      })
    }
    c.req.addValidatedData("query", decoded.right as object)
    await next()
  }
  return attachDoc(middleware, { kind: "input", target: "query", schema })
}

/** Decodes path parameters; a malformed id names nothing that exists → 404. */
export const param = <A, I extends Record<string, string>>(schema: Schema.Schema<A, I, never>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all" })
  const middleware: MiddlewareHandler<ApiEnv, string, { in: { param: I }; out: { param: A } }> = async (
    c,
    next,
  ) => {
    refuseAnonymous(c)
    const decoded = decode(c.req.param())
    if (Either.isLeft(decoded)) {
      return problem(c, 404, "Not found", {
        code: "NotFound",
        errors: fieldErrors(decoded.left, "path"),
      })
    }
    c.req.addValidatedData("param", decoded.right as object)
    await next()
  }
  return attachDoc(middleware, { kind: "input", target: "param", schema })
}
