/**
 * Fixtures for integration tests in core: a fresh organization with its admin, and secrets under a
 * fixed test key. Each test makes its own organization, so tests in one file never see each other.
 */
import { randomUUID } from "node:crypto"
import { Effect, Layer, Redacted } from "effect"
import type { Edition } from "../src/crm/model.js"
import { Organizations } from "../src/crm/organizations.js"
import { Secrets } from "../src/secrets/index.js"

export const TestSecrets = Layer.succeed(
  Secrets,
  Secrets.make(Secrets.fromSecret({ current: Redacted.make("integration test app secret") })),
)

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
