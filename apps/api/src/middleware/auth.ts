/**
 * @module Authentication: an API token in `Authorization: Bearer …`, else the session cookie.
 * A bad bearer token is refused at once (401); a stale cookie leaves the request anonymous, so
 * signing in again works, and routes that need an actor answer 401 with the cookie's reason.
 */
import { Sessions, TokenActors, Unauthenticated } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import type { Context } from "hono"
import { deleteCookie, getCookie } from "hono/cookie"
import { createMiddleware } from "hono/factory"
import type { ApiEnv } from "../env.js"
import { CoreFailure, knownService, remembered, runPublic } from "../http/run-effect.js"

export const SESSION_COOKIE = "crm_session"

/** Secure cookies when the client reached us over https (directly or through a proxy). */
export const isHttps = (c: Context) =>
  new URL(c.req.url).protocol === "https:" ||
  c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https"

export const authenticate = createMiddleware<ApiEnv>(async (c, next) => {
  c.set("actor", undefined)
  c.set("sessionToken", undefined)
  c.set("authFailure", "missing")
  const authorization = c.req.header("authorization")
  if (authorization !== undefined) {
    const match = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i.exec(authorization)
    if (!match?.[1]) throw new CoreFailure(new Unauthenticated({ reason: "invalid" }))
    const token = Redacted.make(match[1])
    const actor =
      knownService(c, TokenActors)?.peek(token, Date.now()) ??
      (await runPublic(
        c,
        Effect.flatMap(remembered(c, TokenActors), (tokens) => tokens.resolve(token)),
      ))
    c.set("actor", actor)
    return next()
  }
  const cookie = getCookie(c, SESSION_COOKIE)
  if (cookie) {
    const sessionToken = Redacted.make(cookie)
    const resolved = await runPublic(
      c,
      Effect.flatMap(Sessions, (sessions) => sessions.resolve(sessionToken)).pipe(
        Effect.catchTag("Unauthenticated", (error) => Effect.succeed(error)),
      ),
    )
    if (resolved instanceof Unauthenticated) {
      c.set("authFailure", resolved.reason)
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c), httpOnly: true, sameSite: "Lax" })
    } else {
      c.set("actor", resolved.actor)
      c.set("sessionToken", sessionToken)
    }
  }
  return next()
})
