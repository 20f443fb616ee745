/**
 * Fixtures for tests of the CRM host and of what builds on it: a fresh organization with its first
 * administrator, and users in a given profile, all through the real services.
 */
import { randomUUID } from "node:crypto"
import { Effect, Redacted } from "effect"
import { type Actor, actingAs } from "../src/crm/actor.js"
import { type Edition, OrganizationId, ProfileId, type User, UserId } from "../src/crm/model.js"
import { Organizations } from "../src/crm/organizations.js"
import { Users } from "../src/crm/users.js"

export const TEST_PASSWORD = Redacted.make("correct horse battery staple")

export interface TestOrganization {
  readonly organization: {
    readonly id: Actor["organizationId"]
    readonly name: string
    readonly edition: Edition
  }
  readonly admin: User
  readonly adminActor: Actor
  readonly profiles: { readonly administrator: ProfileId; readonly standard: ProfileId }
  /** Adds an active user (Standard profile unless told) who signs in with TEST_PASSWORD. */
  readonly addUser: (options?: {
    readonly profileId?: ProfileId
    readonly name?: string
  }) => Effect.Effect<{ readonly user: User; readonly actor: Actor }, unknown, Users>
}

/** A new organization (unique name, `enterprise` unless told) whose admin signs in with TEST_PASSWORD. */
export const makeTestOrganization = (options: { readonly edition?: Edition } = {}) =>
  Effect.gen(function* () {
    const organizations = yield* Organizations
    const suffix = randomUUID().slice(0, 8)
    const created = yield* organizations.create({
      name: `Test Org ${suffix}`,
      edition: options.edition ?? "enterprise",
      admin: { name: "Test Admin", email: `admin-${suffix}@example.test`, password: TEST_PASSWORD },
    })
    const addUser: TestOrganization["addUser"] = (userOptions = {}) =>
      Effect.gen(function* () {
        const users = yield* Users
        const n = randomUUID().slice(0, 8)
        const user = yield* users
          .create({
            name: userOptions.name ?? `User ${n}`,
            email: `user-${n}@example.test`,
            profileId: userOptions.profileId ?? created.profiles.standard,
            password: TEST_PASSWORD,
          })
          .pipe(actingAs(created.adminActor))
        const actor: Actor = {
          userId: user.id,
          organizationId: user.organizationId,
          profileId: user.profileId,
          isAdmin: (userOptions.profileId ?? created.profiles.standard) === created.profiles.administrator,
          email: user.email,
          name: user.name,
          via: "system",
        }
        return { user, actor }
      })
    return { ...created, addUser } satisfies TestOrganization
  })

/** An actor of `organizationId` who is no stored user: for services that only read who acts and whether they administer. */
export const actorOf = (organizationId: string, isAdmin: boolean): Actor => ({
  userId: UserId.make("00000000-0000-4000-8000-0000000000e1"),
  organizationId: OrganizationId.make(organizationId),
  profileId: ProfileId.make("00000000-0000-4000-8000-0000000000e2"),
  isAdmin,
  email: "someone@example.test",
  name: "Someone",
  via: "session",
})
