/**
 * Runs durable jobs: leases ready rows with `FOR UPDATE SKIP LOCKED` (so N runners in N processes run
 * each job once), heartbeats to keep the lease, persists checkpoints and progress, retries with
 * backoff, and re-leases the jobs of a runner that died once their lease expires. See docs/decisions/0002.
 */
import { randomUUID } from "node:crypto"
import { and, eq, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm"
import {
  Cause,
  Clock,
  Context,
  Duration,
  Effect,
  Exit,
  Fiber,
  FiberSet,
  Layer,
  Option,
  Queue,
  Random,
  Ref,
  Schedule,
  Schema,
  type Scope,
} from "effect"
import { JobsConfig } from "../config/index.js"
import { Database, type DatabaseError } from "../persistence/database.js"
import type { Job, JobError, JobId } from "./model.js"
import { jobs, toJob } from "./rows.js"

/** The channel a trigger on `jobs` notifies when a job is queued (see the migrations). */
export const JOBS_READY_CHANNEL = "jobs_ready"

/** What a handler can do besides its work: persist a checkpoint and progress, read where it left off. */
export interface JobContext {
  readonly job: Job
  /** The checkpoint the previous attempt saved, if any: resume from it. */
  readonly lastCheckpoint: Option.Option<unknown>
  /** Persists `value` (JSON) as the point to resume from. Interrupts the handler if the lease was lost. */
  readonly checkpoint: (value: unknown) => Effect.Effect<void>
  /** Persists progress. Interrupts the handler if the lease was lost. */
  readonly progress: (done: number, total?: number | null, phase?: string | null) => Effect.Effect<void>
}

export type JobHandler<R = never> = (job: Job, context: JobContext) => Effect.Effect<unknown, unknown, R>

/** Fail a handler with this to end the job as failed at once, without the remaining attempts. */
export class JobNotRetryable extends Schema.TaggedError<JobNotRetryable>()("JobNotRetryable", {
  tag: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return this.reason
  }
}

export interface JobRunnerOptions {
  /** Identifies this runner in `lease_owner`; default a random id. */
  readonly owner?: string
  /** Jobs run at once by this runner. */
  readonly concurrency?: number
  readonly pollInterval?: Duration.DurationInput
  /** A job whose lease is not renewed for this long is taken over by another runner. */
  readonly leaseDuration?: Duration.DurationInput
  readonly heartbeatInterval?: Duration.DurationInput
  /** Retry delay before attempt n+1: full jitter in [0, min(max, base × 2^(n−1))]. */
  readonly retryBaseDelay?: Duration.DurationInput
  readonly retryMaxDelay?: Duration.DurationInput
  /** Finished jobs older than this (by their end) are deleted; default 30 days. */
  readonly retention?: Duration.DurationInput
  /** How often a runner purges finished jobs; default every hour. */
  readonly purgeInterval?: Duration.DurationInput
}

export interface JobRunnerShape {
  readonly owner: string
  /** Registers the handler of `kind`; this runner only leases kinds it has a handler for. */
  readonly register: <R>(kind: string, handler: JobHandler<R>) => Effect.Effect<void, never, R>
  /** Leases the jobs ready now (up to the free concurrency), runs them, returns how many ran. */
  readonly runOnce: Effect.Effect<number, DatabaseError>
  /** Deletes the finished jobs older than the retention; returns how many. `start` runs it on a schedule. */
  readonly purgeFinished: Effect.Effect<number, DatabaseError>
  /** Polls until the scope closes; on close stops leasing, interrupts running handlers and hands their jobs back. */
  readonly start: Effect.Effect<void, never, Scope.Scope>
}

export class JobRunner extends Context.Tag("@app/core/JobRunner")<JobRunner, JobRunnerShape>() {
  static readonly layer = (options: JobRunnerOptions = {}) => Layer.effect(JobRunner, makeJobRunner(options))
  /** The runner with the configured retention (`JOB_RETENTION`). */
  static readonly fromConfig = Layer.unwrapEffect(
    Effect.map(JobsConfig, (config) => JobRunner.layer({ retention: config.retention })),
  )
  /** Runs the polling loop of the provided JobRunner for the lifetime of the layer. */
  static readonly started = Layer.scopedDiscard(Effect.flatMap(JobRunner, (runner) => runner.start))
}

const errorOf = (cause: Cause.Cause<unknown>): JobError => {
  const failure = Cause.squash(cause)
  const tag =
    typeof failure === "object" && failure !== null && "_tag" in failure && typeof failure._tag === "string"
      ? failure._tag
      : Cause.isDie(cause)
        ? "Defect"
        : "Error"
  const message =
    typeof failure === "object" &&
    failure !== null &&
    "message" in failure &&
    typeof failure.message === "string"
      ? failure.message
      : String(failure)
  return { tag, message: message.slice(0, 2000) }
}

type Outcome =
  | { readonly _tag: "Done"; readonly exit: Exit.Exit<unknown, unknown> }
  | { readonly _tag: "LeaseLost" }

export const makeJobRunner = (options: JobRunnerOptions = {}) =>
  Effect.gen(function* () {
    const database = yield* Database
    const owner = options.owner ?? `runner-${randomUUID()}`
    const concurrency = options.concurrency ?? 4
    const pollInterval = Duration.decode(options.pollInterval ?? "1 second")
    const leaseMillis = Duration.toMillis(options.leaseDuration ?? "30 seconds")
    const heartbeatInterval = Duration.decode(options.heartbeatInterval ?? Duration.millis(leaseMillis / 3))
    const retryBase = Duration.toMillis(options.retryBaseDelay ?? "5 seconds")
    const retryMax = Duration.toMillis(options.retryMaxDelay ?? "10 minutes")
    const retentionMillis = Duration.toMillis(options.retention ?? "30 days")
    const purgeInterval = Duration.decode(options.purgeInterval ?? "1 hour")

    const handlers = yield* Ref.make(new Map<string, JobHandler<never>>())
    const running = yield* Ref.make(new Map<JobId, number>())
    const lastSweep = yield* Ref.make(Number.NEGATIVE_INFINITY)
    const clock = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

    const register = <R>(kind: string, handler: JobHandler<R>) =>
      Effect.flatMap(Effect.context<R>(), (context) =>
        Ref.update(handlers, (map) =>
          new Map(map).set(kind, (job, ctx) => Effect.provide(handler(job, ctx), context)),
        ),
      )

    /** Our lease on (job, attempt): the fencing condition of every write a runner makes. */
    const holds = (job: Job) =>
      and(
        eq(jobs.id, job.id),
        eq(jobs.leaseOwner, owner),
        eq(jobs.attempts, job.attempts),
        eq(jobs.status, "running"),
      )

    const writeHeld = (job: Job, values: Partial<typeof jobs.$inferInsert>) =>
      database
        .use((db) => db.update(jobs).set(values).where(holds(job)).returning({ id: jobs.id }))
        .pipe(Effect.map((rows) => rows.length > 0))

    const lease = (limit: number) =>
      Effect.gen(function* () {
        const kinds = [...(yield* Ref.get(handlers)).keys()]
        if (kinds.length === 0 || limit <= 0) return []
        const at = yield* clock
        // A job whose runner died on its last attempt ends here rather than running once more; a
        // sweep per poll interval is enough, not one per wake-up.
        const swept = yield* Ref.getAndUpdate(lastSweep, (last) =>
          at.getTime() - last >= Duration.toMillis(pollInterval) ? at.getTime() : last,
        )
        if (at.getTime() - swept >= Duration.toMillis(pollInterval))
          yield* database.use((db) =>
            db
              .update(jobs)
              .set({
                status: "failed",
                error: {
                  tag: "LeaseExpired",
                  message: "the runner stopped answering during the last attempt",
                },
                finishedAt: at,
                updatedAt: at,
                leaseOwner: null,
                leaseExpiresAt: null,
              })
              .where(
                and(
                  eq(jobs.status, "running"),
                  lt(jobs.leaseExpiresAt, at),
                  sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
                ),
              ),
          )
        const rows = yield* database.use((db) =>
          db
            .update(jobs)
            .set({
              status: "running",
              leaseOwner: owner,
              leaseExpiresAt: new Date(at.getTime() + leaseMillis),
              heartbeatAt: at,
              attempts: sql`${jobs.attempts} + 1`,
              startedAt: sql`coalesce(${jobs.startedAt}, ${at.toISOString()}::timestamptz)`,
              updatedAt: at,
            })
            .where(
              inArray(
                jobs.id,
                db
                  .select({ id: jobs.id })
                  .from(jobs)
                  .where(
                    and(
                      inArray(jobs.kind, kinds),
                      or(
                        and(eq(jobs.status, "queued"), lte(jobs.runAt, at)),
                        and(eq(jobs.status, "running"), lt(jobs.leaseExpiresAt, at)),
                      ),
                    ),
                  )
                  .orderBy(jobs.runAt)
                  .limit(limit)
                  .for("update", { skipLocked: true }),
              ),
            )
            .returning(),
        )
        return rows.map(toJob)
      })

    const heartbeatUntilLost = (job: Job) =>
      Effect.gen(function* () {
        const at = yield* clock
        return yield* writeHeld(job, {
          heartbeatAt: at,
          leaseExpiresAt: new Date(at.getTime() + leaseMillis),
        })
      }).pipe(
        // A renewal the database refused is not a lost lease: the job runs on until the lease expires
        // unrenewed, when another runner takes it over; the refusal is logged.
        Effect.tapError((error) =>
          Effect.logWarning("job heartbeat failed").pipe(
            Effect.annotateLogs({ jobId: job.id, kind: job.kind, error: error.message }),
          ),
        ),
        Effect.orElseSucceed(() => true),
        // The lease was just taken: the first renewal is due one interval later, not at once.
        Effect.delay(heartbeatInterval),
        Effect.repeat({ schedule: Schedule.spaced(heartbeatInterval), while: (held) => held }),
      )

    const backoff = (attempt: number) =>
      Effect.map(Random.next, (r) =>
        Math.floor(r * Math.min(retryMax, retryBase * 2 ** Math.max(attempt - 1, 0))),
      )

    const finish = (job: Job, outcome: Outcome) =>
      Effect.gen(function* () {
        if (outcome._tag === "LeaseLost") return
        const at = yield* clock
        const exit = outcome.exit
        if (Exit.isSuccess(exit)) {
          yield* writeHeld(job, {
            status: "succeeded",
            result: exit.value ?? null,
            finishedAt: at,
            updatedAt: at,
            leaseOwner: null,
            leaseExpiresAt: null,
          })
          return
        }
        // Interrupted (lease lost mid-write, cancelled, or shutting down): someone else owns what follows.
        if (Cause.isInterruptedOnly(exit.cause)) return
        const error = errorOf(exit.cause)
        const permanent = Option.isSome(
          Cause.failureOption(exit.cause).pipe(Option.filter((e) => e instanceof JobNotRetryable)),
        )
        if (permanent || job.attempts >= job.maxAttempts) {
          yield* writeHeld(job, {
            status: "failed",
            error,
            finishedAt: at,
            updatedAt: at,
            leaseOwner: null,
            leaseExpiresAt: null,
          })
          yield* Effect.logWarning("job failed").pipe(
            Effect.annotateLogs({ jobId: job.id, kind: job.kind, error: error.tag }),
          )
          return
        }
        const delay = yield* backoff(job.attempts)
        yield* writeHeld(job, {
          status: "queued",
          error,
          runAt: new Date(at.getTime() + delay),
          updatedAt: at,
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        yield* Effect.logInfo("job attempt failed, will retry").pipe(
          Effect.annotateLogs({
            jobId: job.id,
            kind: job.kind,
            attempt: job.attempts,
            error: error.tag,
            reason: error.message,
          }),
        )
      })

    const runJob = (job: Job) =>
      Effect.gen(function* () {
        const handler = (yield* Ref.get(handlers)).get(job.kind)
        if (handler === undefined) return
        const lostOrInterrupt = (held: boolean) => (held ? Effect.void : Effect.interrupt)
        const context: JobContext = {
          job,
          lastCheckpoint: job.checkpoint === null ? Option.none() : Option.some(job.checkpoint),
          checkpoint: (value) =>
            Effect.flatMap(clock, (at) => writeHeld(job, { checkpoint: value ?? null, updatedAt: at })).pipe(
              Effect.orDie,
              Effect.flatMap(lostOrInterrupt),
            ),
          progress: (done, total = null, phase = null) =>
            Effect.flatMap(clock, (at) =>
              writeHeld(job, { progress: { done, total, phase }, updatedAt: at }),
            ).pipe(Effect.orDie, Effect.flatMap(lostOrInterrupt)),
        }
        const outcome: Outcome = yield* Effect.race(
          Effect.exit(Effect.suspend(() => handler(job, context))).pipe(
            Effect.map((exit) => ({ _tag: "Done", exit }) as const),
          ),
          heartbeatUntilLost(job).pipe(Effect.as({ _tag: "LeaseLost" } as const)),
        )
        yield* finish(job, outcome).pipe(Effect.orDie)
      }).pipe(
        Effect.withSpan("JobRunner.run", {
          attributes: { jobId: job.id, kind: job.kind, attempt: job.attempts },
        }),
        Effect.ensuring(
          Ref.update(running, (map) => {
            const next = new Map(map)
            next.delete(job.id)
            return next
          }),
        ),
      )

    const leaseFree = Effect.gen(function* () {
      const busy = (yield* Ref.get(running)).size
      const leased = yield* lease(concurrency - busy)
      yield* Ref.update(running, (map) => {
        const next = new Map(map)
        for (const job of leased) next.set(job.id, job.attempts)
        return next
      })
      return leased
    })

    const runOnce = Effect.flatMap(leaseFree, (leased) =>
      Effect.forEach(leased, runJob, { concurrency: "unbounded", discard: true }).pipe(
        Effect.as(leased.length),
      ),
    )

    const purgeFinished = Effect.gen(function* () {
      const before = new Date((yield* Clock.currentTimeMillis) - retentionMillis)
      const purged = yield* database.use((db) =>
        db
          .delete(jobs)
          .where(
            and(
              inArray(jobs.status, ["succeeded", "failed", "cancelled"]),
              isNotNull(jobs.finishedAt),
              lt(jobs.finishedAt, before),
            ),
          )
          .returning({ id: jobs.id }),
      )
      if (purged.length > 0)
        yield* Effect.logInfo("finished jobs purged").pipe(Effect.annotateLogs({ count: purged.length }))
      return purged.length
    }).pipe(Effect.withSpan("JobRunner.purgeFinished"))

    /** Hands a job back at once (not a failed attempt) so another runner resumes it from its checkpoint. */
    const release = (jobId: JobId, attempt: number) =>
      Effect.flatMap(clock, (at) =>
        database.use((db) =>
          db
            .update(jobs)
            .set({
              status: "queued",
              attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
              runAt: at,
              updatedAt: at,
              leaseOwner: null,
              leaseExpiresAt: null,
            })
            .where(
              and(
                eq(jobs.id, jobId),
                eq(jobs.leaseOwner, owner),
                eq(jobs.attempts, attempt),
                eq(jobs.status, "running"),
              ),
            ),
        ),
      ).pipe(Effect.ignore)

    // Woken by a NOTIFY on jobs_ready (a trigger sends it when a job is queued) and by a job of ours
    // finishing (a slot is free); the poll only covers delayed retries and a lost listening connection.
    const start = Effect.gen(function* () {
      const fibers = yield* FiberSet.make()
      const wake = yield* Queue.sliding<void>(1)
      const nudge = () => void Queue.unsafeOffer(wake, undefined)
      yield* database.notifications.subscribe(JOBS_READY_CHANNEL, { onMessage: nudge, onGap: nudge })
      const leaseAndRun = leaseFree.pipe(
        Effect.flatMap((leased) =>
          Effect.forEach(
            leased,
            (job) => FiberSet.run(fibers, runJob(job).pipe(Effect.ensuring(Effect.sync(nudge)))),
            { discard: true },
          ),
        ),
        Effect.catchAllCause((cause) => Effect.logWarning("job runner poll failed", cause)),
      )
      const loop = leaseAndRun.pipe(
        Effect.zipRight(Queue.take(wake).pipe(Effect.timeout(pollInterval), Effect.ignore)),
        Effect.forever,
      )
      const poller = yield* Effect.forkDaemon(loop)
      const purger = yield* Effect.forkDaemon(
        purgeFinished.pipe(
          Effect.catchAllCause((cause) => Effect.logWarning("job purge failed", cause)),
          Effect.repeat(Schedule.spaced(purgeInterval)),
        ),
      )
      yield* Effect.addFinalizer(() =>
        Effect.gen(function* () {
          yield* Fiber.interrupt(poller)
          yield* Fiber.interrupt(purger)
          const inFlight = yield* Ref.get(running)
          yield* FiberSet.clear(fibers)
          yield* Queue.shutdown(wake)
          yield* Effect.forEach(inFlight, ([jobId, attempt]) => release(jobId, attempt), { discard: true })
        }),
      )
    })

    return { owner, register, runOnce, purgeFinished, start } satisfies JobRunnerShape
  })
