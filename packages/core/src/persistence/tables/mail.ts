import { sql } from "drizzle-orm"
import { check, index, pgTable } from "drizzle-orm/pg-core"

/**
 * Every message the product sends, whatever the transport: the console's outbox. With SMTP
 * configured a row goes queued → sent | failed; without it the row is the only destination (stored).
 */
export const outbox = pgTable(
  "outbox",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: t.uuid().notNull(),
    recipients: t.text().array().$type<readonly [string, ...Array<string>]>().notNull(),
    subject: t.text().notNull(),
    text: t.text().notNull(),
    html: t.text(),
    status: t.text({ enum: ["stored", "queued", "sent", "failed"] }).notNull(),
    error: t.text(),
    attempts: t.integer().notNull().default(0),
    createdAt: t.timestamp({ withTimezone: true }).notNull(),
    sentAt: t.timestamp({ withTimezone: true }),
  }),
  (table) => [
    check("outbox_status_check", sql`${table.status} in ('stored', 'queued', 'sent', 'failed')`),
    check("outbox_recipients_check", sql`cardinality(${table.recipients}) >= 1`),
    index("outbox_organization_created_idx").on(table.organizationId, table.createdAt, table.id),
  ],
)
