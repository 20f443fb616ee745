/**
 * The per-token rate limit: a counter per token and one-minute window in the database, so every API
 * process counts against the same budget. A new window drops the token's older ones.
 */
import { and, eq, lt, sql } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { Database } from "../persistence/database.js"
import { apiTokenWindows } from "../persistence/tables/index.js"

const WINDOW_MS = 60_000

export interface RateDecision {
  readonly allowed: boolean
  readonly limit: number
  readonly remaining: number
  /** Seconds until the window resets (and a refused request may be sent again). */
  readonly resetSeconds: number
}

export class TokenRateLimits extends Effect.Service<TokenRateLimits>()("@app/core/external/TokenRateLimits", {
  effect: Effect.gen(function* () {
    const database = yield* Database

    /** Counts one request of `tokenId` and says whether it is within `limit` per minute. */
    const consume = Effect.fn("TokenRateLimits.consume")(function* (tokenId: string, limit: number) {
      const now = yield* Clock.currentTimeMillis
      const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS)
      const [row] = yield* database.use((db) =>
        db
          .insert(apiTokenWindows)
          .values({ tokenId, windowStart, count: 1 })
          .onConflictDoUpdate({
            target: [apiTokenWindows.tokenId, apiTokenWindows.windowStart],
            set: { count: sql`${apiTokenWindows.count} + 1` },
          })
          .returning({ count: apiTokenWindows.count }),
      )
      const count = row?.count ?? 1
      if (count === 1)
        yield* database.use((db) =>
          db
            .delete(apiTokenWindows)
            .where(and(eq(apiTokenWindows.tokenId, tokenId), lt(apiTokenWindows.windowStart, windowStart))),
        )
      const resetSeconds = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000))
      return {
        allowed: count <= limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds,
      } satisfies RateDecision
    })

    return { consume } as const
  }),
}) {}
