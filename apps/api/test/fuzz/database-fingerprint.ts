/**
 * A digest of every row of every table of the test database, to prove a refused request wrote
 * nothing. Left out: the sign-in failures a refused sign-in records by design, the per-token rate
 * limit's counters (every request a token makes counts, refused or not), the migrations, and the
 * columns every authenticated request may touch (a token's last use, a session's idle expiry).
 */
import { Database } from "@app/core/persistence"
import { sql } from "drizzle-orm"
import { Effect } from "effect"

const SKIPPED_TABLES = new Set([
  "crm_sign_in_failures",
  "api_token_windows",
  "app_migrations",
  "__drizzle_migrations",
])
const VOLATILE_COLUMNS = ["last_used_at", "expires_at"]

export const databaseFingerprint = Effect.gen(function* () {
  const database = yield* Database
  const tables = yield* database.execute<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`,
  )
  const parts = tables
    .map((t) => t.name)
    .filter((name) => !SKIPPED_TABLES.has(name))
    .map((name) => {
      const row = `(to_jsonb(t) ${VOLATILE_COLUMNS.map((c) => `- '${c}'`).join(" ")})::text`
      return `select '${name}' as name, count(*)::int as rows, coalesce(md5(string_agg(md5(${row}), '' order by md5(${row}))), '') as digest from "${name}" t`
    })
  const rows = yield* database.execute<{ name: string; rows: number; digest: string }>(
    sql.raw(parts.join(" union all ")),
  )
  return rows.map((r) => `${r.name}:${r.rows}:${r.digest}`).join("|")
})
