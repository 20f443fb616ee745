import { describe, expect, it } from "@effect/vitest"
import { eq } from "drizzle-orm"
import { Context, Effect, Layer, TestClock } from "effect"
import { makeTestOrganization } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { actingAs } from "../crm/actor.js"
import { ApiTokens } from "../crm/api-tokens.js"
import { CrmLive } from "../crm/index.js"
import { Database } from "../persistence/database.js"
import { apiTokenWindows } from "../persistence/tables/index.js"
import { batchOf, TokenRateLimits } from "./token-rate-limits.js"

/** A token of a fresh organization, and what one more API process would count it with. */
const setup = Effect.gen(function* () {
  const org = yield* makeTestOrganization()
  const created = yield* Effect.flatMap(ApiTokens, (t) => t.create("limited")).pipe(actingAs(org.adminActor))
  return created.info.id as string
})

/** A TokenRateLimits of its own, as another API process sharing the database would have. */
const anotherProcess = Effect.map(Layer.build(Layer.fresh(TokenRateLimits.Default)), (context) =>
  Context.get(context, TokenRateLimits),
)

const sharedCounts = (tokenId: string) =>
  Effect.flatMap(Database, (database) =>
    database.use((db) =>
      db
        .select({ windowStart: apiTokenWindows.windowStart, count: apiTokenWindows.count })
        .from(apiTokenWindows)
        .where(eq(apiTokenWindows.tokenId, tokenId))
        .orderBy(apiTokenWindows.windowStart),
    ),
  ).pipe(Effect.map((rows) => rows.map((r) => ({ at: r.windowStart.getTime(), count: r.count }))))

describe("TokenRateLimits", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.scoped("one process alone admits exactly the limit, then refuses and still counts", () =>
      Effect.gen(function* () {
        const tokenId = yield* setup
        const limits = yield* anotherProcess
        const decisions = []
        for (let i = 0; i < 102; i++) decisions.push(yield* limits.consume(tokenId, 100))
        expect(decisions.filter((d) => d.allowed)).toHaveLength(100)
        expect(decisions.slice(0, 100).every((d) => d.allowed)).toBe(true)
        expect(decisions.map((d) => d.remaining).slice(0, 3)).toEqual([99, 98, 97])
        expect(decisions[99]).toMatchObject({ allowed: true, remaining: 0, limit: 100 })
        expect(decisions[100]).toMatchObject({ allowed: false, remaining: 0 })
        expect(decisions[100]?.resetSeconds).toBe(60)
        yield* limits.flush
        expect(yield* sharedCounts(tokenId)).toEqual([{ at: 0, count: 102 }])
      }),
    )

    it.scoped("a request within the batch writes nothing; the periodic write adds the process's count", () =>
      Effect.gen(function* () {
        const tokenId = yield* setup
        const limits = yield* anotherProcess
        expect(batchOf(600)).toBe(30)
        for (let i = 0; i < 29; i++) expect((yield* limits.consume(tokenId, 600)).allowed).toBe(true)
        expect(yield* sharedCounts(tokenId)).toEqual([])
        // The batch is full: this request writes the 30 at once.
        yield* limits.consume(tokenId, 600)
        expect(yield* sharedCounts(tokenId)).toEqual([{ at: 0, count: 30 }])
        yield* limits.consume(tokenId, 600)
        yield* limits.flush
        expect(yield* sharedCounts(tokenId)).toEqual([{ at: 0, count: 31 }])
      }),
    )

    it.scoped("below a limit of 40 every request is written at once", () =>
      Effect.gen(function* () {
        const tokenId = yield* setup
        const limits = yield* anotherProcess
        expect((yield* limits.consume(tokenId, 3)).remaining).toBe(2)
        expect(yield* sharedCounts(tokenId)).toEqual([{ at: 0, count: 1 }])
      }),
    )

    it.scoped("two processes together pass the limit by at most a batch less one each", () =>
      Effect.gen(function* () {
        const tokenId = yield* setup
        const first = yield* anotherProcess
        const second = yield* anotherProcess
        const limit = 200
        let allowed = 0
        for (let i = 0; i < 600; i++) {
          const process = i % 3 === 0 ? first : second
          if ((yield* process.consume(tokenId, limit)).allowed) allowed++
          if (i % 50 === 0) yield* first.flush
        }
        expect(allowed).toBeGreaterThanOrEqual(limit)
        expect(allowed).toBeLessThanOrEqual(limit + 2 * (batchOf(limit) - 1))
        yield* first.flush
        yield* second.flush
        expect(yield* sharedCounts(tokenId)).toEqual([{ at: 0, count: 600 }])
      }),
    )

    it.scoped("a process learns what others counted when it writes, and refuses from then on", () =>
      Effect.gen(function* () {
        const tokenId = yield* setup
        const first = yield* anotherProcess
        const second = yield* anotherProcess
        for (let i = 0; i < 100; i++) yield* first.consume(tokenId, 100)
        yield* first.flush
        // The second process has not read the shared count yet: at most a batch less one gets through.
        const answers = []
        for (let i = 0; i < 10; i++) answers.push((yield* second.consume(tokenId, 100)).allowed)
        expect(answers.filter(Boolean).length).toBeLessThanOrEqual(batchOf(100) - 1)
        expect(answers.slice(batchOf(100) - 1).every((a) => !a)).toBe(true)
      }),
    )

    it.scoped("a new window starts from zero and drops the token's older windows", () =>
      Effect.gen(function* () {
        const tokenId = yield* setup
        const limits = yield* anotherProcess
        for (let i = 0; i < 5; i++) yield* limits.consume(tokenId, 3)
        expect((yield* limits.consume(tokenId, 3)).allowed).toBe(false)
        yield* TestClock.adjust("61 seconds")
        const next = yield* limits.consume(tokenId, 3)
        expect(next).toMatchObject({ allowed: true, remaining: 2, resetSeconds: 59 })
        yield* limits.flush
        expect(yield* sharedCounts(tokenId)).toEqual([{ at: 60_000, count: 1 }])
      }),
    )
  })
})
