/**
 * Reading sync runs (SPEC §4.9): the organization's runs newest first, one run, and its items
 * searchable by object, field, outcome and date; and the purge of runs past their retention.
 * Administrators only, like the audit log.
 */
import { sql } from "drizzle-orm"
import { Clock, Duration, Effect } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { CursorInvalid } from "../../crm/errors.js"
import { Database } from "../../persistence/index.js"
import { likePattern } from "../../persistence/like-pattern.js"
import {
  type SyncRun,
  type SyncRunCounts,
  type SyncRunEntity,
  type SyncRunFilter,
  type SyncRunItem,
  type SyncRunItemFilter,
  SyncRunNotFound,
  type SyncRunOutcome,
  type SyncRunStatus,
  type SyncRunTrigger,
} from "./model.js"
import { SyncRunRecorder } from "./sync-run-recorder.js"

interface RunRow {
  id: string
  number: number | string
  trigger: SyncRunTrigger
  status: "running" | "succeeded"
  job_status: string | null
  job_finished_at: string | Date | null
  started_by_user_id: string | null
  started_by_label: string
  started_at: string | Date
  ended_at: string | Date | null
  counts: (SyncRunCounts & { received?: number }) | null
  job_id: string | null
  undoes_run_id: string | null
  undone_by_run_id: string | null
}

interface ItemRow {
  id: number | string
  run_id: string
  entity: SyncRunEntity
  entity_key: string
  entity_name: string | null
  outcome: SyncRunOutcome
  fields: ReadonlyArray<string> | string | null
  before_doc: Record<string, unknown> | null
  after_doc: Record<string, unknown> | null
  reason: string | null
  at: string | Date
}

const iso = (value: string | Date) => new Date(value).toISOString()

const statusOf = (row: RunRow): SyncRunStatus => {
  if (row.status === "succeeded") return "succeeded"
  if (row.job_status === "failed") return "failed"
  if (row.job_status === "cancelled") return "cancelled"
  // A pass whose job was purged (JOB_RETENTION) without the run closing never finished.
  if (row.job_status === null && row.trigger !== "webhook") return "failed"
  return "running"
}

/** PGlite returns text[] as an array; node-postgres too, but be strict about a `{a,b}` literal. */
const fieldList = (fields: ItemRow["fields"]): ReadonlyArray<string> =>
  Array.isArray(fields)
    ? fields
    : typeof fields === "string" && fields.length > 2
      ? fields.slice(1, -1).split(",")
      : []

const encodeCursor = (value: string) => Buffer.from(value).toString("base64url")
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8")

export class SyncRuns extends Effect.Service<SyncRuns>()("@app/core/integration/SyncRuns", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const recorder = yield* SyncRunRecorder

    const runColumns = sql`r.id, r.number, r.trigger, r.status, j.status as job_status,
      j.finished_at as job_finished_at, r.started_by_user_id, r.started_by_label, r.started_at, r.ended_at,
      r.counts, r.job_id, r.undoes_run_id, r.undone_by_run_id`

    /** Counts of a run still open (or a webhook batch, which grows) are read from its items. */
    const toRun = (row: RunRow) =>
      Effect.gen(function* () {
        const status = statusOf(row)
        let counts: SyncRunCounts
        if (row.counts !== null && row.trigger !== "webhook" && status === "succeeded") {
          counts = row.counts
        } else {
          const items = yield* recorder.countItems(row.id)
          const received = row.counts?.received ?? 0
          counts = {
            created: items.created,
            updated: items.updated,
            removed: items.removed,
            failed: items.failed,
            unchanged:
              row.trigger === "webhook"
                ? Math.max(0, received - items.created - items.updated - items.removed)
                : 0,
          }
        }
        const endedAt = row.ended_at ?? (status === "running" ? null : row.job_finished_at)
        return {
          id: row.id,
          number: Number(row.number),
          trigger: row.trigger,
          status,
          startedBy: { userId: row.started_by_user_id, label: row.started_by_label },
          startedAt: iso(row.started_at),
          endedAt: endedAt === null ? null : iso(endedAt),
          counts,
          jobId: row.job_id,
          undoesRunId: row.undoes_run_id,
          undoneByRunId: row.undone_by_run_id,
        } satisfies SyncRun
      })

    /** Newest first (by number), cursor-paginated, filtered by trigger and start date. */
    const list = Effect.fn("SyncRuns.list")(function* (
      options: { cursor?: string; limit?: number } & SyncRunFilter,
    ) {
      const actor = yield* requireAdmin("read the sync runs")
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200)
      let before: number | undefined
      if (options.cursor !== undefined) {
        const decoded = Number(decodeCursor(options.cursor))
        if (!Number.isSafeInteger(decoded) || decoded <= 0) return yield* new CursorInvalid()
        before = decoded
      }
      const rows = yield* database.execute<RunRow>(sql`
        select ${runColumns} from sync_runs r left join jobs j on j.id = r.job_id
        where r.organization_id = ${actor.organizationId}::uuid
          ${
            // A CRM user's edit is a run for the project's history; the list shows it only when asked.
            options.trigger ? sql`and r.trigger = ${options.trigger}` : sql`and r.trigger <> 'crm-edit'`
          }
          ${options.from ? sql`and r.started_at >= ${options.from.toISOString()}::timestamptz` : sql``}
          ${options.to ? sql`and r.started_at <= ${options.to.toISOString()}::timestamptz` : sql``}
          ${before === undefined ? sql`` : sql`and r.number < ${before}`}
        order by r.number desc limit ${limit + 1}`)
      const page = rows.slice(0, limit)
      const items = yield* Effect.forEach(page, toRun)
      const last = items.at(-1)
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(String(last.number)) : null,
      }
    })

    const runRow = (organizationId: string, runId: string) =>
      Effect.gen(function* () {
        // Not a uuid: no such run (the API refuses malformed ids before this).
        if (!/^[0-9a-f-]{36}$/i.test(runId)) return yield* new SyncRunNotFound({ runId })
        const [row] = yield* database.execute<RunRow>(sql`
          select ${runColumns} from sync_runs r left join jobs j on j.id = r.job_id
          where r.organization_id = ${organizationId}::uuid and r.id = ${runId}::uuid`)
        if (row === undefined) return yield* new SyncRunNotFound({ runId })
        return row
      })

    const get = Effect.fn("SyncRuns.get")(function* (runId: string) {
      const actor = yield* requireAdmin("read the sync runs")
      return yield* toRun(yield* runRow(actor.organizationId, runId))
    })

    /** The run's job, when it has one: what Sync now follows. */
    const jobOf = Effect.fn("SyncRuns.jobOf")(function* (runId: string) {
      const actor = yield* requireAdmin("read the sync runs")
      return (yield* runRow(actor.organizationId, runId)).job_id
    })

    const toItem = (row: ItemRow): SyncRunItem => {
      const before = row.before_doc ?? {}
      const after = row.after_doc ?? {}
      return {
        id: Number(row.id),
        runId: row.run_id,
        entity: row.entity,
        key: row.entity_key,
        name: row.entity_name,
        outcome: row.outcome,
        changes:
          row.outcome === "updated"
            ? fieldList(row.fields).map((field) => ({
                field,
                before: before[field] ?? null,
                after: after[field] ?? null,
              }))
            : [],
        reason: row.reason,
        at: iso(row.at),
      }
    }

    /** Items of one run (or of every run with `runId` undefined), oldest first, filtered. */
    const items = Effect.fn("SyncRuns.items")(function* (
      runId: string | undefined,
      options: { cursor?: string; limit?: number } & SyncRunItemFilter,
    ) {
      const actor = yield* requireAdmin("read the sync runs")
      if (runId !== undefined) yield* runRow(actor.organizationId, runId)
      const limit = Math.min(Math.max(options.limit ?? 100, 1), 500)
      let after: number | undefined
      if (options.cursor !== undefined) {
        const decoded = Number(decodeCursor(options.cursor))
        if (!Number.isSafeInteger(decoded) || decoded <= 0) return yield* new CursorInvalid()
        after = decoded
      }
      const object = options.object
      const rows = yield* database.execute<ItemRow>(sql`
        select i.id, i.run_id, i.entity, i.entity_key, i.entity_name, i.outcome, i.fields, i.reason, i.at,
          case when i.outcome = 'updated' then sync_run_doc(i.entity, i.before) end as before_doc,
          case when i.outcome = 'updated' then sync_run_doc(i.entity, i.after) end as after_doc
        from sync_run_items i
        where i.organization_id = ${actor.organizationId}::uuid
          ${runId === undefined ? sql`` : sql`and i.run_id = ${runId}::uuid`}
          ${options.entity ? sql`and i.entity = ${options.entity}` : sql``}
          ${options.outcome ? sql`and i.outcome = ${options.outcome}` : sql``}
          ${options.field ? sql`and ${options.field} = any(i.fields)` : sql``}
          ${
            object ? sql`and (i.entity_key = ${object} or i.entity_name ilike ${likePattern(object)})` : sql``
          }
          ${options.from ? sql`and i.at >= ${options.from.toISOString()}::timestamptz` : sql``}
          ${options.to ? sql`and i.at <= ${options.to.toISOString()}::timestamptz` : sql``}
          ${after === undefined ? sql`` : sql`and i.id > ${after}`}
        order by i.id limit ${limit + 1}`)
      const page = rows.slice(0, limit).map(toItem)
      const last = page.at(-1)
      return {
        items: page,
        nextCursor: rows.length > limit && last ? encodeCursor(String(last.id)) : null,
      }
    })

    /** Deletes runs (and their items) that ended more than `retention` ago; open runs are kept. */
    const purge = Effect.fn("SyncRuns.purge")(function* (retention: Duration.Duration) {
      const now = yield* Clock.currentTimeMillis
      const cutoff = new Date(now - Duration.toMillis(retention)).toISOString()
      const rows = yield* database.execute<{ n: number }>(sql`
        with d as (
          delete from sync_runs r
          -- A run that never closed ends with its job; with the job purged too, its start is what is left.
          where coalesce(r.ended_at, (select coalesce(j.finished_at, j.started_at) from jobs j where j.id = r.job_id),
            case when r.job_id is null then r.started_at end) < ${cutoff}::timestamptz
          returning 1
        ) select count(*)::int as n from d`)
      return rows[0]?.n ?? 0
    })

    return { list, get, jobOf, items, purge } as const
  }),
}) {}
