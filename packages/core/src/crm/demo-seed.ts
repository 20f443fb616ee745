/**
 * The demo seed (SPEC §3): organization "Demo Inc." (enterprise) with two administrators, users in
 * Standard and a custom "Sales" profile, accounts (a duplicate-name pair included, for client
 * mapping), contacts and deals. Idempotent: an existing "Demo Inc." is left as it is.
 */
import { sql } from "drizzle-orm"
import { Effect, type Redacted } from "effect"
import { Database } from "../persistence/index.js"
import { actingAs } from "./actor.js"
import { verifyPassword } from "./credentials.js"
import type { Organization, RecordId, UserId } from "./model.js"
import { Organizations } from "./organizations.js"
import { Profiles } from "./profiles.js"
import { Records } from "./records.js"
import { DEAL_STAGES, INDUSTRIES } from "./standard-fields.js"
import { Users } from "./users.js"

export const DEMO_ORGANIZATION = "Demo Inc."
export const DEMO_ADMIN_EMAIL = "admin@demo.test"

const people = [
  { name: "Olivia Ops", email: "ops@demo.test", profile: "Administrator", active: true },
  { name: "Sam Standard", email: "sam@demo.test", profile: "Standard", active: true },
  { name: "Sofia Silva", email: "sofia@demo.test", profile: "Standard", active: true },
  { name: "Ivan Idle", email: "ivan@demo.test", profile: "Standard", active: false },
  { name: "Sally Sales", email: "sally@demo.test", profile: "Sales", active: true },
  { name: "Sebastian Seller", email: "sebastian@demo.test", profile: "Sales", active: true },
] as const

const accountNames = [
  "Acme Corp",
  "Globex",
  "Initech",
  "Umbrella",
  "Wayne Enterprises",
  "Wayne Enterprises",
  "Stark Industries",
  "Hooli",
  "Soylent",
  "Cyberdyne Systems",
  "Tyrell Corporation",
  "Wonka Industries",
  "Vandelay Industries",
  "Massive Dynamic",
  "Oscorp",
  "Pied Piper",
  "Aperture Science",
  "Black Mesa",
  "Dunder Mifflin",
  "Sterling Cooper",
] as const

const firstNames = ["Alice", "Bruno", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Inès", "Jonas"]
const lastNames = [
  "Martin",
  "Okafor",
  "Dubois",
  "Ivanov",
  "Rossi",
  "Haddad",
  "Hopper",
  "Tanaka",
  "Moreau",
  "Berg",
]

// Serialises concurrent first starts of several API processes on one PostgreSQL.
const SEED_LOCK = 7_310_425_002

export interface DemoSeedResult {
  readonly organization: Organization
  readonly adminEmail: string
  /** False when the seed was already there (nothing was written). */
  readonly created: boolean
  /** Whether `password` signs the demo admin in (false when an earlier start used another one). */
  readonly passwordWorks: boolean
}

export const loadDemoSeed = Effect.fn("DemoSeed.load")(function* (password: Redacted.Redacted<string>) {
  const database = yield* Database
  const organizations = yield* Organizations
  const profiles = yield* Profiles
  const users = yield* Users
  const records = yield* Records

  return yield* database.transaction(
    Effect.gen(function* () {
      if (database.dialect === "postgres") {
        yield* database.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
      }
      const [existing] = yield* organizations.findByName(DEMO_ORGANIZATION)
      if (existing) {
        const [admin] = yield* database.execute<{ password_hash: string | null }>(
          sql`select password_hash from crm_users where organization_id = ${existing.id} and lower(email) = ${DEMO_ADMIN_EMAIL}`,
        )
        const passwordWorks = yield* verifyPassword(password, admin?.password_hash ?? null)
        return { organization: existing, adminEmail: DEMO_ADMIN_EMAIL, created: false, passwordWorks }
      }

      const created = yield* organizations.create({
        name: DEMO_ORGANIZATION,
        edition: "enterprise",
        admin: { name: "Ada Admin", email: DEMO_ADMIN_EMAIL, password },
      })
      return yield* Effect.gen(function* () {
        const sales = yield* profiles.create({ name: "Sales", description: "Sales team: deals and accounts" })
        const profileIds = {
          Administrator: created.profiles.administrator,
          Standard: created.profiles.standard,
          Sales: sales.id,
        }
        const owners: Array<UserId> = [created.admin.id]
        for (const person of people) {
          const user = yield* users.create({
            name: person.name,
            email: person.email,
            profileId: profileIds[person.profile],
            password,
          })
          if (person.active) owners.push(user.id)
          else yield* users.update(user.id, { active: false })
        }
        const ownerAt = (i: number) => owners[i % owners.length] ?? created.admin.id

        const accounts: Array<RecordId> = []
        for (const [i, name] of accountNames.entries()) {
          const account = yield* records.create("accounts", {
            name,
            owner: ownerAt(i),
            industry: INDUSTRIES[i % INDUSTRIES.length],
            employees: 50 + i * 37,
            website: `https://${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${i}.example`,
            phone: `+1 555 01${String(i).padStart(2, "0")}`,
          })
          accounts.push(account.id)
        }
        for (const [i, accountId] of accounts.entries()) {
          for (let j = 0; j < (i % 3) + 1; j++) {
            const first = firstNames[(i + j) % firstNames.length] ?? "Alex"
            const last = lastNames[(i * 3 + j) % lastNames.length] ?? "Doe"
            yield* records.create("contacts", {
              first_name: first,
              last_name: last,
              account: accountId,
              owner: ownerAt(i + j),
              email: `${first
                .normalize("NFKD")
                .replace(/[^A-Za-z]/g, "")
                .toLowerCase()}.${last.toLowerCase()}.${i}${j}@example.com`,
              title: j === 0 ? "Buyer" : "Engineer",
            })
          }
        }
        for (const [i, accountId] of accounts.slice(0, 15).entries()) {
          yield* records.create("deals", {
            name: `${accountNames[i]} — ${i % 2 === 0 ? "Rollout" : "Renewal"} ${2026 + (i % 2)}`,
            account: accountId,
            owner: ownerAt(i),
            stage: DEAL_STAGES[i % DEAL_STAGES.length],
            amount: 5_000 + i * 2_500,
            probability: (i * 15) % 100,
            closing_date: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`,
          })
        }
        return {
          organization: created.organization,
          adminEmail: DEMO_ADMIN_EMAIL,
          created: true,
          passwordWorks: true,
        }
      }).pipe(actingAs(created.adminActor))
    }),
  ) satisfies Effect.Effect<DemoSeedResult, unknown, unknown>
})
