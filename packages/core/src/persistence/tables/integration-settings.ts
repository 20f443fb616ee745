/**
 * Settings of the Projects integration an admin edits at any time (SPEC §4.3, §4.4): the field
 * mapping, and the user transfer runs that saving permissions (or a user change) starts.
 */
import { sql } from "drizzle-orm"
import { check, index, pgTable, uniqueIndex } from "drizzle-orm/pg-core"
import { TransferOutcome, TransferTrigger } from "../../integration/user-transfer/model.js"
import { crmUsers, instant, organizationColumn } from "./crm.js"
import { jobs } from "./jobs.js"

/** One row per mapped project field: it takes its value from a Deals field and/or an Accounts field. */
export const integrationFieldMappings = pgTable(
  "integration_field_mappings",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    /** The project field's api_name in the portal (`name`, `start_date`, `projects_cf_0001`, …). */
    projectField: t.text().notNull(),
    /** Label and type as the portal listed them when saved: still shown when the field is gone. */
    projectFieldLabel: t.text().notNull(),
    projectFieldType: t.text().notNull(),
    dealsField: t.text(),
    accountsField: t.text(),
    savedAt: instant().notNull(),
  }),
  (table) => [
    uniqueIndex("integration_field_mappings_org_field_unique").on(table.organizationId, table.projectField),
    check(
      "integration_field_mappings_source_check",
      sql`${table.dealsField} is not null or ${table.accountsField} is not null`,
    ),
  ],
)

/**
 * A user transfer run: every eligible user (permissions saved) or the users of one user change.
 * Its status is its job's; its report is its items.
 */
export const integrationUserTransfers = pgTable(
  "integration_user_transfers",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    jobId: t.uuid().references(() => jobs.id, { onDelete: "set null" }),
    /** `permissions_saved`, `user_created`, `user_reprofiled` or `user_reactivated`. */
    trigger: t.text({ enum: TransferTrigger.literals }).notNull(),
    /** Null: every active user of an eligible profile; else just these users. */
    userIds: t.jsonb().$type<ReadonlyArray<string>>(),
    requestedBy: t.uuid().references(() => crmUsers.id, { onDelete: "set null" }),
    createdAt: instant().notNull(),
    finishedAt: instant(),
  }),
  (table) => [
    check(
      "integration_user_transfers_trigger_check",
      sql`${table.trigger} in ('permissions_saved', 'user_created', 'user_reprofiled', 'user_reactivated')`,
    ),
    index("integration_user_transfers_org_created_idx").on(table.organizationId, table.createdAt, table.id),
  ],
)

/** One line of a run's report; one per user and run, so a retried job never reports a user twice. */
export const integrationUserTransferItems = pgTable(
  "integration_user_transfer_items",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    runId: t
      .uuid()
      .notNull()
      .references(() => integrationUserTransfers.id, { onDelete: "cascade" }),
    userId: t.uuid().references(() => crmUsers.id, { onDelete: "set null" }),
    email: t.text().notNull(),
    name: t.text().notNull(),
    /** `transferred`, `already_present` (keeps `role`) or `failed` (with `reason`). */
    outcome: t.text({ enum: TransferOutcome.literals }).notNull(),
    role: t.text(),
    reason: t.text(),
    at: instant().notNull(),
  }),
  (table) => [
    uniqueIndex("integration_user_transfer_items_run_email_unique").on(
      table.runId,
      sql`lower(${table.email})`,
    ),
    check(
      "integration_user_transfer_items_outcome_check",
      sql`${table.outcome} in ('transferred', 'already_present', 'failed')`,
    ),
  ],
)
