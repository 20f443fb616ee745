import { pgTable } from "drizzle-orm/pg-core"

/** Key/value facts about this installation (e.g. when the demo seed was loaded). */
export const appMeta = pgTable("app_meta", (t) => ({
  key: t.text().primaryKey(),
  value: t.jsonb().notNull(),
  updatedAt: t.timestamp({ withTimezone: true }).notNull().defaultNow(),
}))
