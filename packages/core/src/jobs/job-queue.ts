/**
 * The durable job queue (issue #5 item 4): enqueue in the caller's transaction, read, list, cancel,
 * and follow a job's progress as a stream for the API's server-sent events.
 */
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm"
import { Clock, Duration, Effect, Option, Schedule, Schema, Stream } from "effect"
import { requireAdmin } from "../crm/actor.js"
import { Database } from "../persistence/database.js"
import { isTerminal, JobAlreadyFinished, JobNotFound, type JobStatus } from "./model.js"
import { jobs, toJob } from "./rows.js"

export interface EnqueueOptions {
  readonly kind: string
  /** JSON-serialisable; the handler decodes it with its own schema. */
  readonly payload: unknown
  readonly organizationId?: string | null
  /**
   * At most one queued or running job holds a given key; enqueuing it again returns that job.
   * Keys are global: include the organization id in them.
   */
  readonly dedupeKey?: string
  readonly maxAttempts?: number
  /** Run no earlier than this delay from now. */
  readonly delay?: Duration.DurationInput
}

export interface ListJobsOptions {
  readonly organizationId?: string
  readonly kind?: string
  readonly status?: ReadonlyArray<JobStatus>
  readonly limit?: number
  /** `nextCursor` of the previous page. */
  readonly cursor?: string
}

const Cursor = Schema.compose(
  Schema.StringFromBase64Url,
  Schema.parseJson(Schema.Tuple(Schema.Number, Schema.UUID)),
)
const encodeCursor = Schema.encodeSync(Cursor)
const decodeCursor = Schema.decodeUnknownOption(Cursor)

export class InvalidJobCursor extends Schema.TaggedError<InvalidJobCursor>()("InvalidJobCursor", {}) {
  override get message() {
    return "cursor is not one this API returned"
  }
}

export class JobQueue extends Effect.Service<JobQueue>()("@app/core/JobQueue", {
  effect: Effect.gen(function* () {
    const database = yield* Database

    const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

    const enqueue = Effect.fn("JobQueue.enqueue")(function* (options: EnqueueOptions) {
      const at = yield* now
      const runAt = new Date(at.getTime() + (options.delay ? Duration.toMillis(options.delay) : 0))
      const values = {
        kind: options.kind,
        // SQL NULL would break NOT NULL: a null payload is stored as the JSON value null.
        payload:
          options.payload === null || options.payload === undefined ? sql`'null'::jsonb` : options.payload,
        organizationId: options.organizationId ?? null,
        dedupeKey: options.dedupeKey ?? null,
        maxAttempts: options.maxAttempts ?? 5,
        runAt,
        createdAt: at,
        updatedAt: at,
      }
      if (options.dedupeKey === undefined) {
        const [row] = yield* database.use((db) => db.insert(jobs).values(values).returning())
        if (row === undefined) return yield* Effect.dieMessage("insert into jobs returned no row")
        return toJob(row)
      }
      // ON CONFLICT (not a caught unique violation): an error would abort the caller's transaction.
      const inserted = yield* database.use((db) =>
        db
          .insert(jobs)
          .values(values)
          .onConflictDoNothing({
            target: jobs.dedupeKey,
            where: sql`${jobs.status} in ('queued', 'running') and ${jobs.dedupeKey} is not null`,
          })
          .returning(),
      )
      const [row] = inserted
      if (row !== undefined) return toJob(row)
      const [active] = yield* database.use((db) =>
        db
          .select()
          .from(jobs)
          .where(
            and(eq(jobs.dedupeKey, options.dedupeKey ?? ""), inArray(jobs.status, ["queued", "running"])),
          ),
      )
      if (active === undefined) return yield* Effect.dieMessage("dedupe conflict without an active job")
      return toJob(active)
    })

    const get = Effect.fn("JobQueue.get")(function* (jobId: string, organizationId?: string) {
      if (!Schema.is(Schema.UUID)(jobId)) return yield* new JobNotFound({ jobId })
      const [row] = yield* database.use((db) => db.select().from(jobs).where(eq(jobs.id, jobId)))
      if (row === undefined || (organizationId !== undefined && row.organizationId !== organizationId)) {
        return yield* new JobNotFound({ jobId })
      }
      return toJob(row)
    })

    const list = Effect.fn("JobQueue.list")(function* (options: ListJobsOptions) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200)
      const after = options.cursor === undefined ? Option.none() : decodeCursor(options.cursor)
      if (options.cursor !== undefined && Option.isNone(after)) return yield* new InvalidJobCursor()
      const conditions = [
        options.organizationId === undefined ? undefined : eq(jobs.organizationId, options.organizationId),
        options.kind === undefined ? undefined : eq(jobs.kind, options.kind),
        options.status === undefined || options.status.length === 0
          ? undefined
          : inArray(jobs.status, [...options.status]),
        Option.match(after, {
          onNone: () => undefined,
          onSome: ([createdAt, id]) =>
            or(
              lt(jobs.createdAt, new Date(createdAt)),
              and(eq(jobs.createdAt, new Date(createdAt)), lt(jobs.id, id)),
            ),
        }),
      ]
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(jobs)
          .where(and(...conditions))
          .orderBy(desc(jobs.createdAt), desc(jobs.id))
          .limit(limit + 1),
      )
      const items = rows.slice(0, limit).map(toJob)
      const last = items[items.length - 1]
      const nextCursor =
        rows.length > limit && last ? encodeCursor([last.createdAt.getTime(), last.id]) : null
      return { items, nextCursor }
    })

    /** Cancels a queued or running job; a running handler is interrupted at its next heartbeat. */
    const cancel = Effect.fn("JobQueue.cancel")(function* (jobId: string, organizationId?: string) {
      const job = yield* get(jobId, organizationId)
      const at = yield* now
      const [row] = yield* database.use((db) =>
        db
          .update(jobs)
          .set({ status: "cancelled", finishedAt: at, updatedAt: at, leaseOwner: null, leaseExpiresAt: null })
          .where(and(eq(jobs.id, job.id), inArray(jobs.status, ["queued", "running"])))
          .returning(),
      )
      if (row === undefined) {
        const current = yield* get(jobId, organizationId)
        return yield* new JobAlreadyFinished({ jobId, status: current.status })
      }
      return toJob(row)
    })

    /**
     * The job each time its status or progress changes, ending with its terminal state. Polls the row
     * (PGlite has no cross-process LISTEN/NOTIFY, and one code path serves both databases).
     */
    const events = (
      jobId: string,
      options?: { readonly organizationId?: string; readonly interval?: Duration.DurationInput },
    ) =>
      Stream.repeatEffectWithSchedule(
        get(jobId, options?.organizationId),
        Schedule.spaced(options?.interval ?? Duration.millis(500)),
      ).pipe(
        Stream.changesWith(
          (a, b) => a.status === b.status && a.updatedAt.getTime() === b.updatedAt.getTime(),
        ),
        Stream.takeUntil((job) => isTerminal(job.status)),
        Stream.withSpan("JobQueue.events"),
      )

    /**
     * A job of the current actor's organization. Every job is administrators' work (imports, reconciles,
     * user transfers, client mappings): its payload and result name portals, users and clients a Standard
     * user may not see, so only administrators read jobs.
     */
    const readOwn = Effect.fn("JobQueue.readOwn")(function* (jobId: string) {
      const actor = yield* requireAdmin("read background jobs")
      return yield* get(jobId, actor.organizationId)
    })

    return { enqueue, get, readOwn, list, cancel, events } as const
  }),
}) {}
