import { randomBytes } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import {
  Deferred,
  type Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Option,
  Redacted,
  Schema,
  Scope,
  Stream,
  TestClock,
  TestServices,
} from "effect"
import pg from "pg"
import { actorOf, organizationRow, TestDatabase } from "../../test/index.js"
import { actingAs } from "../crm/actor.js"
import { OrganizationId } from "../crm/model.js"
import { Database, type DatabaseShape } from "../persistence/database.js"
import { postgresLayer } from "../persistence/layers.js"
import { JobQueue } from "./job-queue.js"
import { JobNotRetryable, type JobRunnerOptions, makeJobRunner } from "./job-runner.js"

const serverUrl = process.env.DATABASE_URL

const fastRunner: JobRunnerOptions = {
  leaseDuration: "30 seconds",
  heartbeatInterval: "10 seconds",
  retryBaseDelay: "1 second",
  retryMaxDelay: "1 minute",
}

const runnerOn = (database: DatabaseShape, options: JobRunnerOptions = fastRunner) =>
  makeJobRunner(options).pipe(Effect.provideService(Database, database))

/** Lets real I/O progress while the test clock stands still. */
const liveTick = TestServices.provideLive(Effect.sleep("5 millis"))

/** Advances the test clock step by step until `fiber` ends. */
const advanceUntilDone = <A, E>(fiber: Fiber.Fiber<A, E>, step: Duration.DurationInput = "5 seconds") =>
  Effect.gen(function* () {
    for (;;) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      yield* TestClock.adjust(step)
      yield* liveTick
    }
  })

/**
 * Two database handles on one database: on PostgreSQL two separate pools on one schema (as two API
 * processes would have); on PGlite the one embedded database, shared.
 */
const twoProcesses = Effect.gen(function* () {
  const first = yield* Database
  if (serverUrl === undefined || first.dialect === "pglite") return [first, first] as const
  const schema = `t_${randomBytes(6).toString("hex")}`
  const admin = new pg.Client({ connectionString: serverUrl })
  yield* Effect.acquireRelease(
    Effect.promise(async () => {
      await admin.connect()
      await admin.query(`create schema ${schema}`)
    }),
    () => Effect.promise(() => admin.query(`drop schema ${schema} cascade`).then(() => admin.end())),
  )
  const open = () =>
    Layer.build(postgresLayer({ url: Redacted.make(serverUrl), schema, max: 3 })).pipe(
      Effect.map((context) =>
        Option.getOrThrow(Option.fromNullable(context.unsafeMap.get(Database.key) as DatabaseShape)),
      ),
    )
  const a = yield* open()
  const b = yield* open()
  return [a, b] as const
})

describe("JobQueue and JobRunner", () => {
  it.layer(Layer.provideMerge(JobQueue.Default, TestDatabase))((it) => {
    it.effect("enqueues in the caller's transaction: a rollback leaves no job", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const failed = yield* database
          .transaction(
            Effect.gen(function* () {
              const job = yield* queue.enqueue({ kind: "tx.rollback", payload: { n: 1 } })
              return yield* Effect.fail({ jobId: job.id })
            }),
          )
          .pipe(Effect.flip)
        if (!("jobId" in failed)) return expect.fail(`unexpected ${failed._tag}`)
        const error = yield* queue.get(failed.jobId).pipe(Effect.flip)
        expect(error._tag).toBe("JobNotFound")
      }),
    )

    it.effect("returns the active job for a dedupe key instead of enqueuing a second one", () =>
      Effect.gen(function* () {
        const queue = yield* JobQueue
        const first = yield* queue.enqueue({ kind: "dedupe", payload: 1, dedupeKey: "org-1:import" })
        const second = yield* queue.enqueue({ kind: "dedupe", payload: 2, dedupeKey: "org-1:import" })
        expect(second.id).toBe(first.id)
        yield* queue.cancel(first.id)
        const third = yield* queue.enqueue({ kind: "dedupe", payload: 3, dedupeKey: "org-1:import" })
        expect(third.id).not.toBe(first.id)
        expect(third.payload).toBe(3)
      }),
    )

    it.effect("runs a job, keeps its result, and its progress is readable", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database)
        yield* runner.register("count", (job, ctx) =>
          Effect.gen(function* () {
            const { to } = yield* Schema.decodeUnknown(Schema.Struct({ to: Schema.Number }))(job.payload)
            for (let i = 1; i <= to; i++) yield* ctx.progress(i, to, "counting")
            return { counted: to }
          }),
        )
        const job = yield* queue.enqueue({ kind: "count", payload: { to: 3 }, organizationId: null })
        expect(yield* runner.runOnce).toBe(1)
        const done = yield* queue.get(job.id)
        expect(done.status).toBe("succeeded")
        expect(done.result).toEqual({ counted: 3 })
        expect(done.progress).toEqual({ done: 3, total: 3, phase: "counting" })
        expect(done.attempts).toBe(1)
        expect(yield* runner.runOnce).toBe(0)
      }),
    )

    it.effect("retries a failing job after a backoff, then marks it failed after its last attempt", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database)
        let calls = 0
        yield* runner.register("flaky", () => {
          calls++
          return Effect.fail({ _tag: "PortalDown", message: `attempt ${calls} failed` })
        })
        const job = yield* queue.enqueue({ kind: "flaky", payload: null, maxAttempts: 3 })
        expect(yield* runner.runOnce).toBe(1)
        const retrying = yield* queue.get(job.id)
        expect(retrying.status).toBe("queued")
        expect(retrying.error).toEqual({ tag: "PortalDown", message: "attempt 1 failed" })
        expect(retrying.runAt.getTime()).toBeLessThanOrEqual(1000)
        yield* TestClock.adjust("1 minute")
        expect(yield* runner.runOnce).toBe(1)
        yield* TestClock.adjust("1 minute")
        expect(yield* runner.runOnce).toBe(1)
        const failed = yield* queue.get(job.id)
        expect(failed.status).toBe("failed")
        expect(failed.attempts).toBe(3)
        expect(failed.error?.message).toBe("attempt 3 failed")
        yield* TestClock.adjust("1 hour")
        expect(yield* runner.runOnce).toBe(0)
        expect(calls).toBe(3)
      }),
    )

    it.effect("fails at once, without retrying, on JobNotRetryable", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database)
        yield* runner.register(
          "doomed",
          () => new JobNotRetryable({ tag: "ServiceKeyRejected", reason: "key invalid" }),
        )
        const job = yield* queue.enqueue({ kind: "doomed", payload: null, maxAttempts: 5 })
        yield* runner.runOnce
        const failed = yield* queue.get(job.id)
        expect(failed.status).toBe("failed")
        expect(failed.attempts).toBe(1)
      }),
    )

    it.effect("resumes from the last checkpoint when the runner died mid-job", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const crashed = yield* runnerOn(database, { ...fastRunner, owner: "crashed" })
        const survivor = yield* runnerOn(database, { ...fastRunner, owner: "survivor" })
        const checkpointed = yield* Deferred.make<void>()
        const resumedFrom: Array<unknown> = []
        yield* crashed.register("import", (_, ctx) =>
          Effect.gen(function* () {
            yield* ctx.checkpoint({ page: 3 })
            yield* Deferred.succeed(checkpointed, undefined)
            return yield* Effect.never
          }),
        )
        yield* survivor.register("import", (_, ctx) =>
          Effect.sync(() => {
            resumedFrom.push(Option.getOrNull(ctx.lastCheckpoint))
            return "imported"
          }),
        )
        const job = yield* queue.enqueue({ kind: "import", payload: null })
        const fiber = yield* Effect.fork(crashed.runOnce)
        yield* Deferred.await(checkpointed)
        // The process dies: nothing runs after this, not even a lease release.
        yield* Fiber.interrupt(fiber)
        expect(yield* survivor.runOnce).toBe(0)
        yield* TestClock.adjust("31 seconds")
        expect(yield* survivor.runOnce).toBe(1)
        expect(resumedFrom).toEqual([{ page: 3 }])
        const done = yield* queue.get(job.id)
        expect(done.status).toBe("succeeded")
        expect(done.attempts).toBe(2)
      }),
    )

    it.effect("marks a job failed when its runner died during the last attempt", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const crashed = yield* runnerOn(database, { ...fastRunner, owner: "crashed-last" })
        const survivor = yield* runnerOn(database, { ...fastRunner, owner: "survivor-last" })
        const started = yield* Deferred.make<void>()
        yield* crashed.register("last-chance", () =>
          Deferred.succeed(started, undefined).pipe(Effect.zipRight(Effect.never)),
        )
        yield* survivor.register("last-chance", () => Effect.succeed("should not run"))
        const job = yield* queue.enqueue({ kind: "last-chance", payload: null, maxAttempts: 1 })
        const fiber = yield* Effect.fork(crashed.runOnce)
        yield* Deferred.await(started)
        yield* Fiber.interrupt(fiber)
        yield* TestClock.adjust("31 seconds")
        expect(yield* survivor.runOnce).toBe(0)
        const failed = yield* queue.get(job.id)
        expect(failed.status).toBe("failed")
        expect(failed.error?.tag).toBe("LeaseExpired")
      }),
    )

    it.effect("cancelling a running job interrupts its handler at the next heartbeat", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database)
        const started = yield* Deferred.make<void>()
        const interrupted = yield* Deferred.make<void>()
        yield* runner.register("long", () =>
          Deferred.succeed(started, undefined).pipe(
            Effect.zipRight(Effect.never),
            Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)),
          ),
        )
        const job = yield* queue.enqueue({ kind: "long", payload: null })
        const fiber = yield* Effect.fork(runner.runOnce)
        yield* Deferred.await(started)
        const cancelled = yield* queue.cancel(job.id)
        expect(cancelled.status).toBe("cancelled")
        expect(yield* advanceUntilDone(fiber)).toBe(1)
        expect(yield* Deferred.isDone(interrupted)).toBe(true)
        expect((yield* queue.get(job.id)).status).toBe("cancelled")
        const again = yield* queue.cancel(job.id).pipe(Effect.flip)
        expect(again._tag).toBe("JobAlreadyFinished")
      }),
    )

    it.effect("lists an organization's jobs newest first, page by page", () =>
      Effect.gen(function* () {
        const queue = yield* JobQueue
        const organizationId = "00000000-0000-4000-8000-000000000001"
        yield* organizationRow(organizationId)
        const ids: Array<string> = []
        for (let i = 0; i < 5; i++) {
          ids.push((yield* queue.enqueue({ kind: "listed", payload: i, organizationId })).id)
          yield* TestClock.adjust("1 second")
        }
        const first = yield* queue.list({ organizationId, limit: 3 })
        expect(first.items.map((job) => job.id)).toEqual(ids.slice(2).reverse())
        const second = yield* queue.list({ organizationId, limit: 3, cursor: first.nextCursor ?? "" })
        expect(second.items.map((job) => job.id)).toEqual(ids.slice(0, 2).reverse())
        expect(second.nextCursor).toBeNull()
        const other = yield* queue.get(ids[0] ?? "", "00000000-0000-4000-8000-000000000002").pipe(Effect.flip)
        expect(other._tag).toBe("JobNotFound")
        const bad = yield* queue.list({ organizationId, cursor: "nope" }).pipe(Effect.flip)
        expect(bad._tag).toBe("InvalidJobCursor")
      }),
    )

    it.effect("a started runner runs enqueued jobs; the event stream ends with the final state", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database, { pollInterval: "20 millis" })
        yield* runner.register("streamed", (_, ctx) =>
          Effect.gen(function* () {
            yield* ctx.progress(1, 2, "first")
            yield* ctx.progress(2, 2, "second")
            return "ok"
          }),
        )
        yield* runner.start
        const job = yield* queue.enqueue({ kind: "streamed", payload: null })
        const seen = yield* queue.events(job.id, { interval: "10 millis" }).pipe(Stream.runCollect)
        const states = [...seen]
        expect(states.at(-1)?.status).toBe("succeeded")
        expect(states.at(-1)?.progress).toEqual({ done: 2, total: 2, phase: "second" })
        expect(new Set(states.map((s) => s.updatedAt.getTime())).size).toBe(states.length)
      }).pipe(Effect.scoped, TestServices.provideLive),
    )

    it.effect("a queued job wakes a started runner at once, not at its next poll", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        // The test clock stands still: a poll never comes, only the notification can start the job.
        const runner = yield* runnerOn(database, { pollInterval: "1 hour" })
        const ran = yield* Deferred.make<string>()
        yield* runner.register("woken", (job) => Deferred.succeed(ran, job.id))
        yield* runner.start
        yield* TestServices.provideLive(Effect.sleep("50 millis"))
        const first = yield* queue.enqueue({ kind: "woken", payload: null })
        expect(yield* Deferred.await(ran)).toBe(first.id)
        const again = yield* Deferred.make<string>()
        yield* runner.register("woken again", (job) => Deferred.succeed(again, job.id))
        const second = yield* queue.enqueue({ kind: "woken again", payload: null })
        expect(yield* Deferred.await(again)).toBe(second.id)
      }).pipe(Effect.scoped),
    )

    it.effect("hands running jobs back when the runner shuts down", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database, { pollInterval: "20 millis" })
        const started = yield* Deferred.make<void>()
        yield* runner.register("shutdown", () =>
          Deferred.succeed(started, undefined).pipe(Effect.zipRight(Effect.never)),
        )
        const scope = yield* Scope.make()
        yield* runner.start.pipe(Scope.extend(scope))
        const job = yield* queue.enqueue({ kind: "shutdown", payload: null })
        yield* Deferred.await(started)
        yield* Scope.close(scope, Exit.void)
        const back = yield* queue.get(job.id)
        expect(back.status).toBe("queued")
        expect(back.attempts).toBe(0)
      }).pipe(TestServices.provideLive),
    )

    it.effect("two runners, each with its own connections, run every job exactly once", () =>
      Effect.gen(function* () {
        const [first, second] = yield* twoProcesses
        const queue = yield* JobQueue.pipe(
          Effect.provide(JobQueue.Default),
          Effect.provideService(Database, first),
        )
        const runs = new Map<string, number>()
        const handler = (job: { readonly id: string }) =>
          Effect.sync(() => {
            runs.set(job.id, (runs.get(job.id) ?? 0) + 1)
          })
        const a = yield* runnerOn(first, { ...fastRunner, concurrency: 5 })
        const b = yield* runnerOn(second, { ...fastRunner, concurrency: 5 })
        yield* a.register("pair", handler)
        yield* b.register("pair", handler)
        const ids: Array<string> = []
        for (let i = 0; i < 60; i++) ids.push((yield* queue.enqueue({ kind: "pair", payload: i })).id)
        for (;;) {
          const [ranA, ranB] = yield* Effect.all([a.runOnce, b.runOnce], { concurrency: 2 })
          if (ranA + ranB === 0) break
        }
        expect([...runs.keys()].sort()).toEqual([...ids].sort())
        expect([...runs.values()].every((n) => n === 1)).toBe(true)
        const [counts] = yield* first.execute<{ n: number }>(
          sql`select count(*)::int as n from jobs where kind = 'pair' and status = 'succeeded'`,
        )
        expect(counts?.n).toBe(60)
      }).pipe(Effect.scoped),
    )
  })
})

// Its own database and test clock: the purge moves the clock two days on.
describe("Job retention", () => {
  it.layer(Layer.provideMerge(JobQueue.Default, TestDatabase))((it) => {
    it.effect("purges finished jobs once older than the retention, and keeps newer and unfinished ones", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const runner = yield* runnerOn(database, { ...fastRunner, retention: "1 day" })
        yield* runner.register("short", () => Effect.succeed("done"))
        const old = yield* queue.enqueue({ kind: "short", payload: {}, organizationId: null })
        expect(yield* runner.runOnce).toBe(1)
        yield* TestClock.adjust("2 days")
        const recent = yield* queue.enqueue({ kind: "short", payload: {}, organizationId: null })
        expect(yield* runner.runOnce).toBe(1)
        const waiting = yield* queue.enqueue({ kind: "unhandled", payload: {}, organizationId: null })
        expect(yield* runner.purgeFinished).toBe(1)
        expect((yield* queue.get(old.id).pipe(Effect.flip))._tag).toBe("JobNotFound")
        expect((yield* queue.get(recent.id)).status).toBe("succeeded")
        expect((yield* queue.get(waiting.id)).status).toBe("queued")
      }),
    )

    it.effect("lets administrators read their organization's jobs and no one else's", () =>
      Effect.gen(function* () {
        const queue = yield* JobQueue
        const organizationId = OrganizationId.make("00000000-0000-4000-8000-0000000000d2")
        yield* organizationRow(organizationId)
        const job = yield* queue.enqueue({ kind: "unhandled", payload: {}, organizationId })
        expect((yield* queue.readOwn(job.id).pipe(actingAs(actorOf(organizationId, true)))).id).toBe(job.id)
        const standard = yield* queue
          .readOwn(job.id)
          .pipe(actingAs(actorOf(organizationId, false)), Effect.flip)
        expect(standard._tag).toBe("NotAdministrator")
        const elsewhere = yield* queue
          .readOwn(job.id)
          .pipe(actingAs(actorOf("00000000-0000-4000-8000-0000000000d3", true)), Effect.flip)
        expect(elsewhere._tag).toBe("JobNotFound")
      }),
    )

    it.effect("deletes an organization's jobs with the organization", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const queue = yield* JobQueue
        const organizationId = "00000000-0000-4000-8000-0000000000d1"
        yield* organizationRow(organizationId)
        const job = yield* queue.enqueue({ kind: "unhandled", payload: {}, organizationId })
        yield* database.execute(sql`delete from crm_organizations where id = ${organizationId}`)
        expect((yield* queue.get(job.id).pipe(Effect.flip))._tag).toBe("JobNotFound")
      }),
    )
  })
})
