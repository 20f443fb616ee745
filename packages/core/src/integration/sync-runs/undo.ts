/**
 * Undoing a run (SPEC §4.9), administrators only: what the run changed in the CRM's copy is put
 * back as it was before the run — created objects removed, updated ones restored field by field,
 * removed ones brought back with their CRM id and links. An object a later run (or a CRM edit)
 * changed since is not revertible and is listed with the run that changed it. The undo is a run of
 * its own (its items are what it put back) and an entry of the audit log. It writes the CRM only:
 * the portal is not changed, so the next reconcile brings the portal's view back where it differs.
 */
import { sql } from "drizzle-orm"
import { Clock, Effect, Schema } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { Database } from "../../persistence/index.js"
import { AuditLog } from "../audit/audit-log.js"
import type { SyncRunEntity } from "./model.js"
import { labelOf, SyncRunRecorder } from "./sync-run-recorder.js"
import { SyncRuns } from "./sync-runs.js"

export class SyncRunNotUndoable extends Schema.TaggedError<SyncRunNotUndoable>()("SyncRunNotUndoable", {
  runId: Schema.String,
  reason: Schema.Literal("running", "already-undone"),
}) {
  override get message() {
    return this.reason === "running"
      ? `sync run ${this.runId} is still running`
      : `sync run ${this.runId} was already undone`
  }
}

const TABLES: Record<SyncRunEntity, { table: string; key: string }> = {
  project: { table: "integration_projects", key: "projects_id" },
  client: { table: "integration_clients", key: "projects_id" },
  client_user: { table: "integration_client_users", key: "zpuid" },
  portal_user: { table: "integration_portal_users", key: "zpuid" },
}

export interface UndoStep {
  readonly entity: SyncRunEntity
  readonly key: string
  readonly name: string | null
  /** What the run did to the object, and what the undo does. */
  readonly outcome: "created" | "updated" | "removed"
  readonly action: "remove" | "restore" | "bring-back"
  /** Fields the undo puts back (updated objects). */
  readonly fields: ReadonlyArray<string>
  /** Why it cannot be reverted: a later run changed it (null when revertible). */
  readonly blockedBy: { readonly runId: string; readonly runNumber: number; readonly trigger: string } | null
}

interface StepRow {
  entity: SyncRunEntity
  entity_key: string
  name: string | null
  first_outcome: "created" | "updated" | "removed"
  last_outcome: "created" | "updated" | "removed"
  first_before: Record<string, unknown> | null
  fields: ReadonlyArray<string> | string | null
  blocked_run: string | null
  blocked_number: number | string | null
  blocked_trigger: string | null
}

const ACTION = { created: "remove", updated: "restore", removed: "bring-back" } as const

export class SyncRunUndo extends Effect.Service<SyncRunUndo>()("@app/core/integration/SyncRunUndo", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const runs = yield* SyncRuns
    const recorder = yield* SyncRunRecorder
    const audit = yield* AuditLog

    /** Per object the run touched: its state before the run, and the later run that changed it, if any. */
    const steps = (organizationId: string, runId: string) =>
      database
        .execute<StepRow>(sql`
          with mine as (
            select entity, entity_key, min(id) as first_id, max(id) as last_id
            from sync_run_items
            where run_id = ${runId}::uuid and outcome <> 'failed'
            group by entity, entity_key
          )
          select m.entity, m.entity_key,
            (select coalesce(i.entity_name, f.entity_name) from sync_run_items i where i.id = m.last_id) as name,
            f.outcome as first_outcome,
            (select i.outcome from sync_run_items i where i.id = m.last_id) as last_outcome,
            f.before as first_before,
            array(select distinct u from sync_run_items i, unnest(i.fields) as u
                  where i.run_id = ${runId}::uuid and i.entity = m.entity and i.entity_key = m.entity_key
                  order by u) as fields,
            later.run_id as blocked_run, later.number as blocked_number, later.trigger as blocked_trigger
          from mine m
          join sync_run_items f on f.id = m.first_id
          left join lateral (
            select i.run_id, r.number, r.trigger from sync_run_items i join sync_runs r on r.id = i.run_id
            where i.organization_id = ${organizationId}::uuid and i.entity = m.entity
              and i.entity_key = m.entity_key and i.id > m.last_id and i.outcome <> 'failed'
            order by i.id limit 1
          ) as later on true
          order by m.first_id`)
        .pipe(
          Effect.map((rows) =>
            rows.map((row) => {
              const fields = Array.isArray(row.fields)
                ? row.fields
                : typeof row.fields === "string" && row.fields.length > 2
                  ? row.fields.slice(1, -1).split(",")
                  : []
              // Created then removed (or the reverse) within the run: the object is as it was.
              const outcome =
                row.first_outcome === "created"
                  ? "created"
                  : row.last_outcome === "removed"
                    ? "removed"
                    : "updated"
              return {
                step: {
                  entity: row.entity,
                  key: row.entity_key,
                  name: row.name,
                  outcome,
                  action: ACTION[outcome],
                  fields: outcome === "updated" ? fields : [],
                  blockedBy:
                    row.blocked_run === null
                      ? null
                      : {
                          runId: row.blocked_run,
                          runNumber: Number(row.blocked_number),
                          trigger: row.blocked_trigger ?? "",
                        },
                } satisfies UndoStep,
                before: row.first_before,
                noop: row.first_outcome === "created" && row.last_outcome === "removed",
              }
            }),
          ),
        )

    const checked = (runId: string) =>
      Effect.gen(function* () {
        const actor = yield* requireAdmin("undo a sync run")
        const run = yield* runs.get(runId)
        if (run.status === "running") return yield* new SyncRunNotUndoable({ runId, reason: "running" })
        if (run.undoneByRunId !== null)
          return yield* new SyncRunNotUndoable({ runId, reason: "already-undone" })
        const planned = (yield* steps(actor.organizationId, runId)).filter((s) => !s.noop)
        return { actor, run, planned }
      })

    /** What an undo would do, object by object, and what it cannot revert and why. */
    const preview = Effect.fn("SyncRunUndo.preview")(function* (runId: string) {
      const { run, planned } = yield* checked(runId)
      const list = planned.map((p) => p.step)
      return {
        run,
        revertible: list.filter((s) => s.blockedBy === null),
        notRevertible: list.filter((s) => s.blockedBy !== null),
      }
    })

    const revert = (
      organizationId: string,
      entity: SyncRunEntity,
      key: string,
      action: UndoStep["action"],
      before: Record<string, unknown> | null,
    ) => {
      const { table, key: keyColumn } = TABLES[entity]
      const where = sql`organization_id = ${organizationId}::uuid and ${sql.identifier(keyColumn)} = ${key}`
      if (action === "remove")
        return database.execute(sql`delete from ${sql.identifier(table)} where ${where}`)
      const row = JSON.stringify(before ?? {})
      if (action === "bring-back")
        return database.execute(
          sql`insert into ${sql.identifier(table)} select * from jsonb_populate_record(null::${sql.identifier(table)}, ${row}::jsonb)`,
        )
      const columns = Object.keys(before ?? {}).filter(
        (c) => c !== "organization_id" && c !== keyColumn && c !== "id",
      )
      const list = sql.join(
        columns.map((c) => sql.identifier(c)),
        sql`, `,
      )
      const values = sql.join(
        columns.map((c) => sql`r.${sql.identifier(c)}`),
        sql`, `,
      )
      return database.execute(
        sql`update ${sql.identifier(table)} set (${list}) = (select ${values} from jsonb_populate_record(null::${sql.identifier(table)}, ${row}::jsonb) as r) where ${where}`,
      )
    }

    /** Undoes the run: reverts what it can, as a run of its own, and says what it could not. */
    const apply = Effect.fn("SyncRunUndo.apply")(function* (runId: string) {
      const { actor, run, planned } = yield* checked(runId)
      const revertible = planned.filter((p) => p.step.blockedBy === null)
      const notRevertible = planned.filter((p) => p.step.blockedBy !== null).map((p) => p.step)
      const undoRunId = yield* database.transaction(
        Effect.gen(function* () {
          const now = new Date(yield* Clock.currentTimeMillis)
          const [created] = yield* database.execute<{ id: string }>(sql`
            insert into sync_runs (organization_id, trigger, started_by_user_id, started_by_label, status,
              started_at, ended_at, undoes_run_id)
            values (${actor.organizationId}::uuid, 'undo', ${actor.userId}::uuid, ${labelOf(actor)}, 'running',
              ${now.toISOString()}::timestamptz, null, ${runId}::uuid)
            returning id`)
          const undoId = created?.id ?? ""
          yield* recorder.within(
            undoId,
            Effect.forEach(
              revertible,
              (p) => revert(actor.organizationId, p.step.entity, p.step.key, p.step.action, p.before),
              { discard: true },
            ),
          )
          const items = yield* recorder.countItems(undoId)
          const counts = {
            created: items.created,
            updated: items.updated,
            removed: items.removed,
            unchanged: 0,
            failed: notRevertible.length,
          }
          yield* database.execute(sql`
            update sync_runs set status = 'succeeded', ended_at = ${now.toISOString()}::timestamptz,
              counts = ${JSON.stringify(counts)}::jsonb where id = ${undoId}::uuid`)
          yield* database.execute(
            sql`update sync_runs set undone_by_run_id = ${undoId}::uuid where id = ${runId}::uuid`,
          )
          yield* audit.record({
            action: "integration.sync_run_undone",
            before: { run: run.number, trigger: run.trigger },
            after: {
              undoRun: undoId,
              reverted: revertible.length,
              notRevertible: notRevertible.map((s) => ({ entity: s.entity, key: s.key, name: s.name })),
            },
          })
          return undoId
        }),
      )
      return {
        undoRun: yield* runs.get(undoRunId),
        reverted: revertible.map((p) => p.step),
        notRevertible,
      }
    })

    return { preview, apply } as const
  }),
}) {}
