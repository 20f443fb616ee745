/**
 * The per-token rate limit: a counter per token and one-minute window in the database, so every API
 * process counts against the same budget. A request does not write that counter itself: each process
 * counts its tokens' requests in memory and adds them to the shared counter in one statement
 * (`FLUSH_INTERVAL_MS`), or at once when a token's unwritten count reaches its batch (`batchOf`: a
 * twentieth of the limit; below a limit of 40 every request is written at once, as one process alone
 * would need). A process decides from the shared count it last read plus its own unwritten count, so
 *
 * - one process alone is exact;
 * - with several, a token may pass its limit by at most `batchOf(limit) - 1` requests per process
 *   (what each may have admitted without writing it yet): 5 % of the limit per process;
 * - a request refused by a count this process already knows is refused without a database round trip
 *   (counts only grow within a window), and still counted.
 *
 * A new window drops the token's older ones.
 */
import { and, inArray, lt, sql } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { Database } from "../persistence/database.js"
import { apiTokenWindows } from "../persistence/tables/index.js"

const WINDOW_MS = 60_000
/** How long a process keeps counts it has not yet added to the shared counter, at most. */
export const FLUSH_INTERVAL_MS = 1_000

/** Requests one process may admit before adding them to the shared counter. */
export const batchOf = (limit: number) => Math.floor(limit / 20)

export interface RateDecision {
  readonly allowed: boolean
  readonly limit: number
  readonly remaining: number
  /** Seconds until the window resets (and a refused request may be sent again). */
  readonly resetSeconds: number
}

interface Counter {
  readonly tokenId: string
  readonly window: number
  /** The shared count as last read (it includes what this process wrote). */
  shared: number
  /** Requests counted here and not yet written. */
  pending: number
  /** Whether the token's older windows were deleted. */
  cleaned: boolean
}

export class TokenRateLimits extends Effect.Service<TokenRateLimits>()("@app/core/external/TokenRateLimits", {
  scoped: Effect.gen(function* () {
    const database = yield* Database
    const counters = new Map<string, Counter>()

    /** Adds `rows` to the shared counters and returns each one's total. */
    const add = (rows: ReadonlyArray<{ tokenId: string; window: number; count: number }>) =>
      database.use((db) =>
        db
          .insert(apiTokenWindows)
          .values(rows.map((r) => ({ tokenId: r.tokenId, windowStart: new Date(r.window), count: r.count })))
          .onConflictDoUpdate({
            target: [apiTokenWindows.tokenId, apiTokenWindows.windowStart],
            set: { count: sql`${apiTokenWindows.count} + excluded.count` },
          })
          .returning({
            tokenId: apiTokenWindows.tokenId,
            windowStart: apiTokenWindows.windowStart,
            count: apiTokenWindows.count,
          }),
      )

    const learn = (counter: Counter, count: number) => {
      if (counter.shared < count) counter.shared = count
    }

    /** Writes every unwritten count in one statement, and deletes older windows of new counters. */
    const flush = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const current = Math.floor(now / WINDOW_MS) * WINDOW_MS
      const taken: Array<{ counter: Counter; count: number }> = []
      for (const counter of counters.values()) {
        if (counter.pending > 0) {
          taken.push({ counter, count: counter.pending })
          counter.pending = 0
        } else if (counter.window < current) counters.delete(counter.tokenId)
      }
      if (taken.length > 0) {
        const written = yield* add(
          taken.map(({ counter, count }) => ({ tokenId: counter.tokenId, window: counter.window, count })),
        ).pipe(
          Effect.tapError(() =>
            Effect.sync(() => {
              for (const { counter, count } of taken) counter.pending += count
            }),
          ),
        )
        for (const row of written) {
          const counter = counters.get(row.tokenId)
          if (counter?.window === row.windowStart.getTime()) learn(counter, row.count)
        }
      }
      const fresh = [...counters.values()].filter((c) => !c.cleaned && c.window === current)
      if (fresh.length > 0) {
        yield* database.use((db) =>
          db.delete(apiTokenWindows).where(
            and(
              inArray(
                apiTokenWindows.tokenId,
                fresh.map((c) => c.tokenId),
              ),
              lt(apiTokenWindows.windowStart, new Date(current)),
            ),
          ),
        )
        for (const counter of fresh) counter.cleaned = true
      }
    })

    yield* flush.pipe(
      Effect.catchAllCause((cause) => Effect.logWarning("token rate limit counts not written yet", cause)),
      Effect.delay(FLUSH_INTERVAL_MS),
      Effect.forever,
      Effect.forkScoped,
    )
    // What this process counted last reaches the shared counter when it stops.
    yield* Effect.addFinalizer(() => flush.pipe(Effect.ignore))

    const counterOf = (tokenId: string, window: number) => {
      const found = counters.get(tokenId)
      if (found?.window === window) return found
      const counter: Counter = { tokenId, window, shared: 0, pending: 0, cleaned: false }
      counters.set(tokenId, counter)
      return counter
    }

    const decision = (limit: number, count: number, now: number, window: number): RateDecision => ({
      allowed: count <= limit,
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds: Math.max(1, Math.ceil((window + WINDOW_MS - now) / 1000)),
    })

    /**
     * Counts one request of `tokenId` when this process can decide it alone (most requests), at
     * `now`; undefined when the request must add this process's count to the shared counter first.
     */
    const consumeInProcess = (tokenId: string, limit: number, now: number): RateDecision | undefined => {
      const window = Math.floor(now / WINDOW_MS) * WINDOW_MS
      const counter = counterOf(tokenId, window)
      const known = counter.shared + counter.pending + 1
      if (known <= limit && counter.pending + 1 >= batchOf(limit)) return undefined
      counter.pending++
      return decision(limit, known, now, window)
    }

    /** Counts one request of `tokenId` and says whether it is within `limit` per minute. */
    const consume = Effect.fn("TokenRateLimits.consume")(function* (tokenId: string, limit: number) {
      const now = yield* Clock.currentTimeMillis
      const decided = consumeInProcess(tokenId, limit, now)
      if (decided !== undefined) return decided
      const window = Math.floor(now / WINDOW_MS) * WINDOW_MS
      const counter = counterOf(tokenId, window)
      const count = counter.pending + 1
      counter.pending = 0
      const [row] = yield* add([{ tokenId, window, count }]).pipe(
        Effect.tapError(() =>
          Effect.sync(() => {
            counter.pending += count
          }),
        ),
      )
      learn(counter, row?.count ?? count)
      return decision(limit, row?.count ?? count, now, window)
    })

    return { consume, consumeInProcess, flush } as const
  }),
}) {}
