/**
 * Applies the drizzle-kit migrations committed under packages/core/drizzle, once, in order.
 * Our own runner (not drizzle's migrator) because it must run unqualified in whatever schema the
 * connection's search_path names — tests isolate each file in its own schema — and must be safe when
 * several API processes start at once (an advisory lock serialises them).
 */
import { readFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { sql } from "drizzle-orm"
import { Effect, Schema } from "effect"
import { Database } from "./database.js"

const migrationsDir = fileURLToPath(new URL("../../drizzle/", import.meta.url))

const Journal = Schema.Struct({
  entries: Schema.Array(Schema.Struct({ idx: Schema.Number, tag: Schema.String })),
})

// Arbitrary constant: every process of this product contends for the same lock.
const MIGRATION_LOCK = 7_310_425_001

const readMigrations = Effect.promise(async () => {
  const journal = Schema.decodeUnknownSync(Journal)(
    JSON.parse(await readFile(`${migrationsDir}meta/_journal.json`, "utf8")),
  )
  return Promise.all(
    [...journal.entries]
      .sort((a, b) => a.idx - b.idx)
      .map(async (entry) => {
        const text = await readFile(`${migrationsDir}${entry.tag}.sql`, "utf8")
        const statements = text
          .replaceAll('"public".', "")
          .split("--> statement-breakpoint")
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
        return { tag: entry.tag, statements }
      }),
  )
})

export const migrate = Effect.fn("Database.migrate")(function* () {
  const database = yield* Database
  const migrations = yield* readMigrations
  return yield* database.transaction(
    Effect.gen(function* () {
      if (database.dialect === "postgres") {
        yield* database.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
      }
      yield* database.execute(
        sql`create table if not exists app_migrations (tag text primary key, applied_at timestamptz not null default now())`,
      )
      const applied = yield* database.execute<{ tag: string }>(sql`select tag from app_migrations`)
      const done = new Set(applied.map((row) => row.tag))
      const pending = migrations.filter((m) => !done.has(m.tag))
      for (const migration of pending) {
        for (const statement of migration.statements) {
          yield* database.execute(sql.raw(statement))
        }
        yield* database.execute(sql`insert into app_migrations (tag) values (${migration.tag})`)
      }
      return pending.map((m) => m.tag)
    }),
  )
})
