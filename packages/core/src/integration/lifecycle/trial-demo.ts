/**
 * Free-edition organizations of the demo, so every trial state can be tried from `pnpm start`
 * without editing the database: "Demo Free" has not enabled the integration (Get Started starts a
 * 15-day trial), "Demo Trial Over" enabled it 20 days ago (its trial has ended). Idempotent.
 */
import { sql } from "drizzle-orm"
import { Clock, Effect, type Redacted } from "effect"
import { Organizations } from "../../crm/organizations.js"
import { Database } from "../../persistence/index.js"
import { integrations } from "../../persistence/tables/integration.js"

// Serialises concurrent first starts of several API processes on one PostgreSQL.
const SEED_LOCK = 7_310_425_003
const DAY_MS = 86_400_000
const TRIAL_DAYS = 15

export const trialDemoOrganizations = [
  { name: "Demo Free", adminName: "Fay Free", adminEmail: "admin@free.demo.test", trialStartedDaysAgo: null },
  {
    name: "Demo Trial Over",
    adminName: "Tom Trial",
    adminEmail: "admin@trial-over.demo.test",
    trialStartedDaysAgo: 20,
  },
] as const

export const loadTrialDemo = Effect.fn("TrialDemo.load")(function* (password: Redacted.Redacted<string>) {
  const database = yield* Database
  const organizations = yield* Organizations
  const now = yield* Clock.currentTimeMillis
  const seedOne = Effect.fn("TrialDemo.seedOne")(function* (demo: (typeof trialDemoOrganizations)[number]) {
    if (database.dialect === "postgres") {
      yield* database.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    }
    const [existing] = yield* organizations.findByName(demo.name)
    if (existing) return
    const created = yield* organizations.create({
      name: demo.name,
      edition: "free",
      admin: { name: demo.adminName, email: demo.adminEmail, password },
    })
    if (demo.trialStartedDaysAgo === null) return
    const startedAt = new Date(now - demo.trialStartedDaysAgo * DAY_MS)
    yield* database.use((db) =>
      db
        .insert(integrations)
        .values({
          organizationId: created.organization.id,
          status: "setting_up",
          trialStartedAt: startedAt,
          trialEndsAt: new Date(startedAt.getTime() + TRIAL_DAYS * DAY_MS),
        })
        .onConflictDoNothing(),
    )
  })
  for (const demo of trialDemoOrganizations) yield* database.transaction(seedOne(demo))
  return trialDemoOrganizations.map((demo) => ({ name: demo.name, adminEmail: demo.adminEmail }))
})
