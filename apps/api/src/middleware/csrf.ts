/**
 * @module CSRF protection of cookie-authenticated writes: a request that an ambient session cookie
 * authenticated must carry that session's token in `X-CSRF-Token` (given at sign-in and by GET /me).
 * Bearer-token requests are not ambient and need none. Sign-in itself is exempt: it uses no session.
 */
import { CsrfTokenInvalid, Sessions } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import { createMiddleware } from "hono/factory"
import type { ApiEnv } from "../env.js"
import { CoreFailure, runPublic } from "../http/run-effect.js"

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"])

export interface CsrfOptions {
  /** `METHOD path` pairs that never need the token. */
  readonly exempt: ReadonlyArray<string>
}

export const csrf = (options: CsrfOptions) =>
  createMiddleware<ApiEnv>(async function csrfGuard(c, next) {
    const sessionToken = c.var.sessionToken
    if (
      sessionToken === undefined ||
      SAFE_METHODS.has(c.req.method) ||
      options.exempt.includes(`${c.req.method} ${c.req.path}`)
    ) {
      return next()
    }
    const presented = c.req.header("x-csrf-token")
    const valid =
      presented !== undefined &&
      (await runPublic(
        c,
        Effect.map(Sessions, (sessions) => sessions.checkCsrf(sessionToken, Redacted.make(presented))),
      ))
    if (!valid) throw new CoreFailure(new CsrfTokenInvalid())
    return next()
  })
