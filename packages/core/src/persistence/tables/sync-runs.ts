import { sql } from "drizzle-orm"
import { check, index, pgTable, uniqueIndex } from "drizzle-orm/pg-core"
import { crmUsers, organizations } from "./crm.js"
import { jobs } from "./jobs.js"

/**
 * Sync runs (SPEC §4.9): every import, reconcile, Sync now and webhook batch, with who or what started
 * it and its counts. Items are written by triggers on the copy tables (migration `sync_run_triggers`),
 * whoever writes them, so the sync code only says which run is writing. See docs/decisions.
 */
export const syncRuns = pgTable(
  "sync_runs",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    /** "Run N" in the console: one sequence for every organization, increasing with time. */
    number: t.bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    organizationId: t
      .uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    trigger: t
      .text({ enum: ["import", "catch-up", "reconcile", "sync-now", "webhook", "undo", "crm-edit"] })
      .notNull(),
    /** The user who started it, or for whom a background pass acts. */
    startedByUserId: t.uuid().references(() => crmUsers.id, { onDelete: "set null" }),
    /** Who or what started it, kept after the user is gone ("schedule", "portal webhook", a name). */
    startedByLabel: t.text().notNull(),
    /** The pass's job: while it runs, what the copy tables receive belongs to this run. */
    jobId: t.uuid().references(() => jobs.id, { onDelete: "set null" }),
    /** Set when the run closed normally; a failed or cancelled job's run takes its job's status. */
    status: t.text({ enum: ["running", "succeeded"] }).notNull(),
    startedAt: t.timestamp({ withTimezone: true, precision: 3 }).notNull(),
    endedAt: t.timestamp({ withTimezone: true, precision: 3 }),
    /** Counts written when the run closes; webhook batches count deliveries as they come. */
    counts: t.jsonb().$type<{
      created: number
      updated: number
      removed: number
      unchanged: number
      failed: number
      received?: number
    }>(),
    /** The run this one undid (an undo run), and the run that undid this one. */
    undoesRunId: t.uuid(),
    undoneByRunId: t.uuid(),
  }),
  (table) => [
    check(
      "sync_runs_trigger_check",
      sql`${table.trigger} in ('import', 'catch-up', 'reconcile', 'sync-now', 'webhook', 'undo', 'crm-edit')`,
    ),
    check("sync_runs_status_check", sql`${table.status} in ('running', 'succeeded')`),
    uniqueIndex("sync_runs_number_unique").on(table.number),
    uniqueIndex("sync_runs_job_unique").on(table.jobId),
    index("sync_runs_org_started_idx").on(table.organizationId, table.startedAt, table.id),
    index("sync_runs_open_idx")
      .on(table.organizationId, table.trigger)
      .where(sql`${table.status} = 'running'`),
  ],
)

/**
 * What a run changed in the CRM's copy: one row per object created, updated or removed (with the
 * whole stored row before and after, so per-field values and an undo come from it) or refused.
 */
export const syncRunItems = pgTable(
  "sync_run_items",
  (t) => ({
    id: t.bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    runId: t
      .uuid()
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    organizationId: t.uuid().notNull(),
    entity: t.text({ enum: ["project", "client", "client_user", "portal_user"] }).notNull(),
    /** The Projects id (projects, clients) or zpuid (users). */
    entityKey: t.text().notNull(),
    entityName: t.text(),
    outcome: t.text({ enum: ["created", "updated", "removed", "failed"] }).notNull(),
    /** Fields whose value changed (updated items): keys of the compared document, see `sync_run_doc`. */
    fields: t.text().array().notNull().default(sql`'{}'::text[]`),
    /** The stored row before (updated, removed) and after (updated); created rows are read from the copy. */
    before: t.jsonb(),
    after: t.jsonb(),
    /** Why a failed item was refused (an SQLSTATE message, never the value). */
    reason: t.text(),
    at: t.timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  }),
  (table) => [
    check(
      "sync_run_items_entity_check",
      sql`${table.entity} in ('project', 'client', 'client_user', 'portal_user')`,
    ),
    check(
      "sync_run_items_outcome_check",
      sql`${table.outcome} in ('created', 'updated', 'removed', 'failed')`,
    ),
    index("sync_run_items_run_idx").on(table.runId, table.id),
    index("sync_run_items_entity_idx").on(table.organizationId, table.entity, table.entityKey, table.id),
  ],
)
