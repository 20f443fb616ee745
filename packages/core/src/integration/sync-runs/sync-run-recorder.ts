/**
 * Opens and closes sync runs around what writes the CRM's copy of the portal (SPEC §4.9). The items
 * themselves are written by triggers (migration `sync_run_triggers`); this module says which run is
 * writing: a pass job's run while its job runs, or `app.sync_run` for a webhook batch's transaction.
 */
import { and, desc, eq, gte, sql } from "drizzle-orm"
import { Clock, Effect, Option, Schema } from "effect"
import { loadActor } from "../../crm/actors.js"
import type { Job, JobContext } from "../../jobs/index.js"
import { Database, tables } from "../../persistence/index.js"
import { SyncPayload } from "../sync/portal-sync.js"
import type { SyncRunCounts, SyncRunTrigger } from "./model.js"

/** Deliveries within this long of the batch's last one join it; a batch spans ten minutes at most. */
const WEBHOOK_BATCH_GAP_MS = 60_000
const WEBHOOK_BATCH_SPAN_MS = 10 * 60_000

const FAILED_ENTITY = {
  projects: "project",
  clients: "client",
  clientUsers: "client_user",
  portalUsers: "portal_user",
} as const

/** What a pass's result says of the items the database refused (see `portal-sync.ts`). */
const PassFailures = Schema.Struct({
  failed: Schema.Struct({
    count: Schema.Number,
    items: Schema.Array(
      Schema.Struct({
        list: Schema.Literal("projects", "clients", "clientUsers", "portalUsers"),
        id: Schema.String,
        reason: Schema.String,
      }),
    ),
  }),
})

export const labelOf = (user: { readonly name: string; readonly email: string }) =>
  `${user.name} <${user.email}>`

export class SyncRunRecorder extends Effect.Service<SyncRunRecorder>()(
  "@app/core/integration/SyncRunRecorder",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database
      const r = tables.syncRuns

      /** The run of a pass job: made once (the first attempt, or Sync now before it), found after. */
      const openForJob = Effect.fn("SyncRunRecorder.openForJob")(function* (options: {
        readonly organizationId: string
        readonly jobId: string
        readonly trigger: SyncRunTrigger
        readonly userId: string | null
        readonly label: string
      }) {
        const now = yield* Clock.currentTimeMillis
        yield* database.use((db) =>
          db
            .insert(r)
            .values({
              organizationId: options.organizationId,
              jobId: options.jobId,
              trigger: options.trigger,
              startedByUserId: options.userId,
              startedByLabel: options.label,
              status: "running",
              startedAt: new Date(now),
            })
            .onConflictDoNothing({ target: r.jobId }),
        )
        const [run] = yield* database.use((db) =>
          db.select({ id: r.id, number: r.number }).from(r).where(eq(r.jobId, options.jobId)),
        )
        if (run === undefined) return yield* Effect.dieMessage("sync run of the job vanished")
        return run
      })

      /** Counts of a run from its items; `unchanged` is what the copy holds that the run did not touch. */
      const countItems = (runId: string) =>
        database
          .execute<{ created: number; updated: number; removed: number; failed: number; touched: number }>(
            sql`select
              count(distinct (entity, entity_key)) filter (where outcome = 'created')::int as created,
              count(distinct (entity, entity_key)) filter (where outcome = 'updated')::int as updated,
              count(distinct (entity, entity_key)) filter (where outcome = 'removed')::int as removed,
              count(distinct (entity, entity_key)) filter (where outcome = 'failed')::int as failed,
              count(distinct (entity, entity_key)) filter (where outcome in ('created', 'updated'))::int as touched
            from sync_run_items where run_id = ${runId}::uuid`,
          )
          .pipe(
            Effect.map((rows) => rows[0] ?? { created: 0, updated: 0, removed: 0, failed: 0, touched: 0 }),
          )

      const copyRows = (organizationId: string) =>
        database
          .execute<{ n: number }>(
            sql`select ((select count(*) from integration_projects where organization_id = ${organizationId}::uuid)
              + (select count(*) from integration_clients where organization_id = ${organizationId}::uuid)
              + (select count(*) from integration_client_users where organization_id = ${organizationId}::uuid)
              + (select count(*) from integration_portal_users where organization_id = ${organizationId}::uuid))::int as n`,
          )
          .pipe(Effect.map((rows) => rows[0]?.n ?? 0))

      /** Ends a pass's run: its refused items are added, and its counts written. */
      const closeForJob = Effect.fn("SyncRunRecorder.closeForJob")(function* (
        runId: string,
        organizationId: string,
        result: unknown,
      ) {
        const failures = Option.getOrUndefined(Schema.decodeUnknownOption(PassFailures)(result))
        if (failures !== undefined && failures.failed.items.length > 0) {
          yield* database.use((db) =>
            db.insert(tables.syncRunItems).values(
              failures.failed.items.map((item) => ({
                runId,
                organizationId,
                entity: FAILED_ENTITY[item.list],
                entityKey: item.id,
                outcome: "failed" as const,
                reason: item.reason,
              })),
            ),
          )
        }
        const items = yield* countItems(runId)
        const failed = Math.max(items.failed, failures?.failed.count ?? 0)
        const rows = yield* copyRows(organizationId)
        const counts: SyncRunCounts = {
          created: items.created,
          updated: items.updated,
          removed: items.removed,
          failed,
          unchanged: Math.max(0, rows - items.touched - failed),
        }
        const now = yield* Clock.currentTimeMillis
        yield* database.use((db) =>
          db
            .update(r)
            .set({ status: "succeeded", endedAt: new Date(now), counts })
            .where(eq(r.id, runId)),
        )
        return counts
      })

      /**
       * Wraps the sync job's handler: the pass runs inside its run, and its result names the run.
       * What the pass writes is attributed by the triggers while the job is running.
       */
      const recordPass =
        <R>(handle: (job: Job, context: JobContext) => Effect.Effect<unknown, unknown, R>) =>
        (job: Job, context: JobContext) =>
          Effect.gen(function* () {
            const payload = Option.getOrUndefined(Schema.decodeUnknownOption(SyncPayload)(job.payload))
            if (payload === undefined) return yield* handle(job, context)
            const actor = yield* loadActor(payload.actorUserId, "system")
            // A reconcile nobody asked for is the schedule's; Sync now opened its run before the job.
            const label =
              payload.reason === "reconcile"
                ? "schedule"
                : Option.match(actor, { onNone: () => "system", onSome: labelOf })
            const run = yield* openForJob({
              organizationId: payload.organizationId,
              jobId: job.id,
              trigger: payload.reason,
              userId: payload.actorUserId,
              label,
            })
            const result = yield* handle(job, context)
            const counts = yield* closeForJob(run.id, payload.organizationId, result)
            return typeof result === "object" && result !== null
              ? { ...result, run: { id: run.id, number: run.number, counts } }
              : result
          })

      /**
       * Runs a webhook delivery (`receive`, which opens its own transaction and joins this one) as part
       * of the organization's current webhook batch. A refused delivery rolls back and leaves no run.
       */
      const recordWebhook = <A, E, R>(webhookId: string | undefined, receive: Effect.Effect<A, E, R>) =>
        Effect.gen(function* () {
          if (webhookId === undefined) return yield* receive
          const [integration] = yield* database.use((db) =>
            db
              .select({ organizationId: tables.integrations.organizationId })
              .from(tables.integrations)
              .where(eq(tables.integrations.webhookId, webhookId)),
          )
          if (integration === undefined) return yield* receive
          const organizationId = integration.organizationId
          return yield* database.transaction(
            Effect.gen(function* () {
              const now = yield* Clock.currentTimeMillis
              const [open] = yield* database.use((db) =>
                db
                  .select({ id: r.id })
                  .from(r)
                  .where(
                    and(
                      eq(r.organizationId, organizationId),
                      eq(r.trigger, "webhook"),
                      gte(r.endedAt, new Date(now - WEBHOOK_BATCH_GAP_MS)),
                      gte(r.startedAt, new Date(now - WEBHOOK_BATCH_SPAN_MS)),
                    ),
                  )
                  .orderBy(desc(r.startedAt))
                  .limit(1),
              )
              const runId =
                open?.id ??
                (yield* database.use((db) =>
                  db
                    .insert(r)
                    .values({
                      organizationId,
                      trigger: "webhook",
                      startedByLabel: "portal webhook",
                      status: "succeeded",
                      startedAt: new Date(now),
                      endedAt: new Date(now),
                      counts: { created: 0, updated: 0, removed: 0, unchanged: 0, failed: 0, received: 0 },
                    })
                    .returning({ id: r.id }),
                ))[0]?.id
              if (runId === undefined) return yield* Effect.dieMessage("webhook run was not created")
              yield* database.execute(sql`select set_config('app.sync_run', ${runId}, true)`)
              const result = yield* receive
              yield* database.execute(
                sql`update sync_runs set ended_at = ${new Date(now).toISOString()}::timestamptz,
                  counts = jsonb_set(coalesce(counts, '{}'::jsonb), '{received}',
                    to_jsonb(coalesce((counts ->> 'received')::int, 0) + 1))
                  where id = ${runId}::uuid`,
              )
              return result
            }),
          )
        })

      /**
       * In the caller's transaction: a run of its own for a CRM user's create or edit written through
       * to the portal, so the copy's change says who made it (a project's history).
       */
      const recordCrmEdit = Effect.fn("SyncRunRecorder.recordCrmEdit")(function* (actor: {
        readonly organizationId: string
        readonly userId: string
        readonly name: string
        readonly email: string
      }) {
        const now = new Date(yield* Clock.currentTimeMillis)
        const [run] = yield* database.use((db) =>
          db
            .insert(r)
            .values({
              organizationId: actor.organizationId,
              trigger: "crm-edit",
              startedByUserId: actor.userId,
              startedByLabel: labelOf(actor),
              status: "succeeded",
              startedAt: now,
              endedAt: now,
              counts: { created: 0, updated: 0, removed: 0, unchanged: 0, failed: 0 },
            })
            .returning({ id: r.id }),
        )
        if (run === undefined) return yield* Effect.dieMessage("crm edit run was not created")
        yield* database.execute(sql`select set_config('app.sync_run', ${run.id}, true)`)
        return run.id
      })

      /** Runs `self` in one transaction whose copy writes belong to `runId` (undo). */
      const within = <A, E, R>(runId: string, self: Effect.Effect<A, E, R>) =>
        database.transaction(
          Effect.zipRight(database.execute(sql`select set_config('app.sync_run', ${runId}, true)`), self),
        )

      return {
        openForJob,
        closeForJob,
        countItems,
        recordPass,
        recordWebhook,
        recordCrmEdit,
        within,
      } as const
    }),
  },
) {}
