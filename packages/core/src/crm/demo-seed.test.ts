import { describe, expect, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Layer, Redacted } from "effect"
import { TestDatabase } from "../../test/index.js"
import { Database } from "../persistence/index.js"
import { DEMO_ADMIN_EMAIL, loadDemoSeed } from "./demo-seed.js"
import { CrmLive } from "./index.js"
import { Sessions } from "./sessions.js"

const snapshot = Effect.flatMap(Database, (db) =>
  db.execute<{ t: string; n: number; latest: string | null }>(
    sql`select 'users' as t, count(*)::int as n, max(updated_at)::text as latest from crm_users
        union all select 'profiles', count(*)::int, null from crm_profiles
        union all select 'records', count(*)::int, max(updated_at)::text from crm_records
        union all select 'fields', count(*)::int, null from crm_fields
        union all select 'organizations', count(*)::int, null from crm_organizations`,
  ),
)

describe("Demo seed", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("loads Demo Inc. once; loading it again changes nothing", () =>
      Effect.gen(function* () {
        const password = Redacted.make("demo-password-1")
        const first = yield* loadDemoSeed(password)
        expect(first).toMatchObject({ created: true, passwordWorks: true, adminEmail: DEMO_ADMIN_EMAIL })
        expect(first.organization).toMatchObject({ name: "Demo Inc.", edition: "enterprise" })
        const before = yield* snapshot
        const second = yield* loadDemoSeed(password)
        expect(second).toMatchObject({ created: false, passwordWorks: true })
        expect(yield* snapshot).toEqual(before)
        const other = yield* loadDemoSeed(Redacted.make("another one"))
        expect(other.passwordWorks).toBe(false)
      }),
    )

    it.effect("holds the accounts client mapping needs, a duplicate-name pair among them", () =>
      Effect.gen(function* () {
        const rows = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ name: string; n: number }>(
            sql`select name, count(*)::int as n from crm_records where module = 'accounts' group by name`,
          ),
        )
        const names = new Map(rows.map((r) => [r.name, r.n]))
        for (const name of ["Acme Corp", "Globex", "Initech", "Umbrella"]) expect(names.get(name)).toBe(1)
        expect(rows.filter((r) => r.n === 2)).toHaveLength(1)
        expect(rows.reduce((sum, r) => sum + r.n, 0)).toBeGreaterThanOrEqual(20)
      }),
    )

    it.effect("lets the demo admin sign in with the seed password", () =>
      Effect.gen(function* () {
        const sessions = yield* Sessions
        const signedIn = yield* sessions.signIn({
          email: DEMO_ADMIN_EMAIL,
          password: Redacted.make("demo-password-1"),
          ip: "127.0.0.1",
        })
        expect(signedIn.actor.isAdmin).toBe(true)
      }),
    )
  })
})
