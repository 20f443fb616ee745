/**
 * Fixtures for integration tests in core: a fresh organization with its admin, and secrets under a
 * fixed test key. Each test makes its own organization, so tests in one file never see each other.
 */
import { randomUUID } from "node:crypto"
import { Effect, Layer, Redacted } from "effect"
import type { Edition } from "../src/crm/model.js"
import { Organizations } from "../src/crm/organizations.js"
import { Database } from "../src/persistence/database.js"
import { organizations } from "../src/persistence/tables/index.js"
import { Secrets } from "../src/secrets/index.js"

export const TestSecrets = Layer.succeed(
  Secrets,
  Secrets.make(Secrets.fromSecret({ current: Redacted.make("integration test app secret") })),
)

/**
 * The bare row of organization `id` (no users, profiles or fields), for tests of the layers beneath the
 * CRM (jobs, mail) whose rows must belong to an organization. Idempotent.
 */
export const organizationRow = (id: string) =>
  Effect.flatMap(Database, (database) =>
    database.use((db) =>
      db
        .insert(organizations)
        .values({ id, name: `Org ${id.slice(-4)}`, edition: "enterprise" })
        .onConflictDoNothing(),
    ),
  ).pipe(Effect.orDie)

/** A new organization of `edition` and its first admin, acting through a session. */
export const newOrganization = (edition: Edition = "enterprise") =>
  Effect.gen(function* () {
    const organizations = yield* Organizations
    const suffix = randomUUID().slice(0, 8)
    const created = yield* organizations.create({
      name: `Org ${suffix}`,
      edition,
      admin: {
        name: "Ada Admin",
        email: `ada.${suffix}@example.test`,
        password: Redacted.make("correct horse battery"),
      },
    })
    return { ...created, adminActor: { ...created.adminActor, via: "session" as const } }
  })
