/**
 * Organizations: creating one sets up its built-in profiles (Administrator, Standard), its standard
 * field metadata and its first administrator, in one transaction.
 */
import { eq } from "drizzle-orm"
import { Effect, type Redacted } from "effect"
import { Database } from "../persistence/index.js"
import { crmFields, crmProfiles, crmUsers, organizations } from "../persistence/tables/index.js"
import type { Actor } from "./actor.js"
import { hashPassword } from "./credentials.js"
import { OrganizationNotFound } from "./errors.js"
import { type Edition, modules, type Organization, OrganizationId, ProfileId } from "./model.js"
import { standardFields } from "./standard-fields.js"
import { UserChanges } from "./user-changes.js"
import { toUser } from "./users.js"

export interface NewOrganization {
  readonly name: string
  readonly edition: Edition
  readonly admin: {
    readonly name: string
    readonly email: string
    readonly password: Redacted.Redacted<string>
  }
}

export const toOrganization = (row: typeof organizations.$inferSelect): Organization => ({
  id: OrganizationId.make(row.id),
  name: row.name,
  edition: row.edition,
})

export class Organizations extends Effect.Service<Organizations>()("@app/core/crm/Organizations", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const userChanges = yield* UserChanges

    const create = Effect.fn("Organizations.create")(function* (input: NewOrganization) {
      const passwordHash = yield* hashPassword(input.admin.password)
      return yield* database.transaction(
        Effect.gen(function* () {
          const [org] = yield* database.use((db) =>
            db.insert(organizations).values({ name: input.name, edition: input.edition }).returning(),
          )
          if (!org) return yield* Effect.die("insert returned no organization")
          const profiles = yield* database.use((db) =>
            db
              .insert(crmProfiles)
              .values([
                {
                  organizationId: org.id,
                  name: "Administrator",
                  description: "Full access, including setup",
                  isAdmin: true,
                  builtIn: true,
                },
                {
                  organizationId: org.id,
                  name: "Standard",
                  description: "Works with records; no setup",
                  isAdmin: false,
                  builtIn: true,
                },
              ])
              .returning(),
          )
          const adminProfile = profiles.find((p) => p.isAdmin)
          const standardProfile = profiles.find((p) => !p.isAdmin)
          if (!adminProfile || !standardProfile) return yield* Effect.die("built-in profiles missing")
          yield* database.use((db) =>
            db.insert(crmFields).values(
              modules.flatMap((module) =>
                standardFields[module].map((field, position) => ({
                  organizationId: org.id,
                  module,
                  apiName: field.apiName,
                  label: field.label,
                  type: field.type,
                  required: field.required ?? false,
                  unique: field.unique ?? false,
                  custom: false,
                  settings: {
                    ...(field.options ? { options: field.options } : {}),
                    ...(field.lookupModule ? { lookupModule: field.lookupModule } : {}),
                  },
                  position,
                })),
              ),
            ),
          )
          const [adminRow] = yield* database.use((db) =>
            db
              .insert(crmUsers)
              .values({
                organizationId: org.id,
                profileId: adminProfile.id,
                name: input.admin.name,
                email: input.admin.email.trim(),
                passwordHash,
              })
              .returning(),
          )
          if (!adminRow) return yield* Effect.die("insert returned no user")
          const admin = toUser(adminRow)
          yield* userChanges.publish({ _tag: "UserCreated", user: admin })
          const organization = toOrganization(org)
          const adminActor: Actor = {
            userId: admin.id,
            organizationId: organization.id,
            profileId: admin.profileId,
            isAdmin: true,
            email: admin.email,
            name: admin.name,
            via: "system",
          }
          return {
            organization,
            admin,
            adminActor,
            profiles: {
              administrator: ProfileId.make(adminProfile.id),
              standard: ProfileId.make(standardProfile.id),
            },
          }
        }),
      )
    })

    const get = Effect.fn("Organizations.get")(function* (id: OrganizationId) {
      const [row] = yield* database.use((db) =>
        db.select().from(organizations).where(eq(organizations.id, id)),
      )
      if (!row) return yield* new OrganizationNotFound({ organizationId: id })
      return toOrganization(row)
    })

    const findByName = Effect.fn("Organizations.findByName")(function* (name: string) {
      const rows = yield* database.use((db) =>
        db.select().from(organizations).where(eq(organizations.name, name)),
      )
      return rows.map(toOrganization)
    })

    return { create, get, findByName } as const
  }),
}) {}
