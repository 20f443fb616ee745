/**
 * Input decoding with Effect Schema as Hono middleware: JSON bodies, query strings and path
 * parameters. A refusal is problem+json naming each offending field; the decoded value is read
 * with `c.req.valid(target)`, typed for routes and for the console's `hc` client.
 */
import { unstorablePaths } from "@app/core/persistence"
import { Either, ParseResult, Schema } from "effect"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "../env.js"
import type { FieldError } from "./problem.js"
import { problem } from "./problem.js"
import { attachDoc } from "./route-docs.js"

/** One entry per offending input; `field` is its dotted path (or `body` for the whole body). */
export const fieldErrors = (error: ParseResult.ParseError, root: string): ReadonlyArray<FieldError> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : root,
    message: issue.message,
  }))

/** Text the database cannot store (U+0000, unpaired surrogates) is refused before anything reads it. */
const unstorableFields = (value: unknown, root: string): ReadonlyArray<FieldError> =>
  unstorablePaths(value, root).map((field) => ({
    field,
    message: "contains a character that cannot be stored (U+0000 or an unpaired surrogate)",
  }))

const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i

/** Decodes a JSON body; wrong content type → 415, unparsable → 400, invalid → 400 naming fields. */
export const json = <A, I>(schema: Schema.Schema<A, I, never>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  const middleware: MiddlewareHandler<ApiEnv, string, { in: { json: I }; out: { json: A } }> = async (
    c,
    next,
  ) => {
    if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) {
      return problem(c, 415, "Unsupported media type", {
        errors: [{ field: "Content-Type", message: "must be application/json" }],
      })
    }
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return problem(c, 400, "Malformed JSON", { errors: [{ field: "body", message: "is not valid JSON" }] })
    }
    const unstorable = unstorableFields(body, "body")
    if (unstorable.length > 0) return problem(c, 400, "Invalid request body", { errors: unstorable })
    const decoded = decode(body)
    if (Either.isLeft(decoded)) {
      return problem(c, 400, "Invalid request body", { errors: fieldErrors(decoded.left, "body") })
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
    const unstorable = unstorableFields(c.req.query(), "query")
    if (unstorable.length > 0) return problem(c, 400, "Invalid query parameters", { errors: unstorable })
    const decoded = decode(c.req.query())
    if (Either.isLeft(decoded)) {
      return problem(c, 400, "Invalid query parameters", { errors: fieldErrors(decoded.left, "query") })
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
    const decoded = decode(c.req.param())
    if (Either.isLeft(decoded)) {
      return problem(c, 404, "Not found", { errors: fieldErrors(decoded.left, "path") })
    }
    c.req.addValidatedData("param", decoded.right as object)
    await next()
  }
  return attachDoc(middleware, { kind: "input", target: "param", schema })
}
