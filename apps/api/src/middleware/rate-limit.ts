/**
 * @module Per-token rate limit: every request made with an API token counts against its requests
 * per minute (shared by every API process). Answers carry `RateLimit-*` headers; past the limit, 429
 * with `Retry-After`. Sessions are not limited here (sign-in has its own throttle). An expired token
 * is refused here too, even when its actor came from a cache.
 */
import { Unauthenticated } from "@app/core/crm"
import { TokenRateLimited, TokenRateLimits } from "@app/core/external"
import { Effect } from "effect"
import { createMiddleware } from "hono/factory"
import type { ApiEnv } from "../env.js"
import { CoreFailure, knownService, remembered, runPublic } from "../http/run-effect.js"

export const tokenRateLimit = createMiddleware<ApiEnv>(async function tokenRateLimiter(c, next) {
  const token = c.var.actor?.token
  if (token === undefined) return next()
  if (token.expiresAt !== null && token.expiresAt.getTime() <= Date.now())
    throw new CoreFailure(new Unauthenticated({ reason: "expired" }))
  const decision =
    knownService(c, TokenRateLimits)?.consumeInProcess(token.id, token.rateLimitPerMinute, Date.now()) ??
    (await runPublic(
      c,
      Effect.flatMap(remembered(c, TokenRateLimits), (limits) =>
        limits.consume(token.id, token.rateLimitPerMinute),
      ),
    ))
  c.header("RateLimit-Limit", String(decision.limit))
  c.header("RateLimit-Remaining", String(decision.remaining))
  c.header("RateLimit-Reset", String(decision.resetSeconds))
  c.header("RateLimit-Policy", `${decision.limit};w=60`)
  if (!decision.allowed)
    throw new CoreFailure(
      new TokenRateLimited({ limit: decision.limit, retryAfterSeconds: decision.resetSeconds }),
    )
  return next()
})
