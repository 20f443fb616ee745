import { sql } from "drizzle-orm"
import { check, index, pgTable, uniqueIndex } from "drizzle-orm/pg-core"
import { organizations } from "./crm.js"

/**
 * Durable background work (imports, syncs, mappings, user transfers, mail): leased with
 * `FOR UPDATE SKIP LOCKED` by any number of runners, checkpointed, resumable. See docs/decisions/0002.
 * An organization's jobs go with it; system-wide jobs leave `organization_id` null. Finished jobs are
 * purged by the runners once older than the retention.
 */
export const jobs = pgTable(
  "jobs",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: t.uuid().references(() => organizations.id, { onDelete: "cascade" }),
    kind: t.text().notNull(),
    payload: t.jsonb().notNull(),
    status: t
      .text({ enum: ["queued", "running", "succeeded", "failed", "cancelled"] })
      .notNull()
      .default("queued"),
    attempts: t.integer().notNull().default(0),
    maxAttempts: t.integer().notNull().default(5),
    runAt: t.timestamp({ withTimezone: true }).notNull(),
    leaseOwner: t.text(),
    leaseExpiresAt: t.timestamp({ withTimezone: true }),
    heartbeatAt: t.timestamp({ withTimezone: true }),
    checkpoint: t.jsonb(),
    progress: t.jsonb().$type<{ done: number; total: number | null; phase: string | null }>(),
    result: t.jsonb(),
    error: t.jsonb().$type<{ tag: string; message: string }>(),
    dedupeKey: t.text(),
    createdAt: t.timestamp({ withTimezone: true }).notNull(),
    updatedAt: t.timestamp({ withTimezone: true }).notNull(),
    startedAt: t.timestamp({ withTimezone: true }),
    finishedAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [
    check(
      "jobs_status_check",
      sql`${table.status} in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`,
    ),
    check("jobs_attempts_check", sql`${table.attempts} >= 0 and ${table.maxAttempts} >= 1`),
    // A dedupe key names one piece of work: at most one queued or running job holds it at a time.
    uniqueIndex("jobs_dedupe_key_active_idx")
      .on(table.dedupeKey)
      .where(sql`${table.status} in ('queued', 'running') and ${table.dedupeKey} is not null`),
    index("jobs_ready_idx").on(table.status, table.runAt),
    index("jobs_organization_created_idx").on(table.organizationId, table.createdAt),
    // The purge reads finished jobs by age.
    index("jobs_finished_idx")
      .on(table.finishedAt)
      .where(sql`${table.status} in ('succeeded', 'failed', 'cancelled')`),
  ],
)
