/**
 * Users of an organization: one profile each, email unique per organization (case-insensitively),
 * deactivated rather than deleted. Creating, re-profiling and reactivating publish a UserChange.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm"
import { Effect, type Redacted } from "effect"
import { Database } from "../persistence/index.js"
import { crmApiTokens, crmProfiles, crmSessions, crmUsers } from "../persistence/tables/index.js"
import { CurrentActor, requireAdmin } from "./actor.js"
import { hashPassword } from "./credentials.js"
import { EmailTaken, LastAdministrator, UserNotFound } from "./errors.js"
import { OrganizationId, ProfileId, type User, UserId, type UserLocale } from "./model.js"
import { Profiles } from "./profiles.js"
import { UserChanges } from "./user-changes.js"

export interface NewUser {
  readonly name: string
  readonly email: string
  readonly profileId: ProfileId
  readonly password?: Redacted.Redacted<string> | undefined
}

export interface UserPatch {
  readonly name?: string | undefined
  readonly profileId?: ProfileId | undefined
  readonly active?: boolean | undefined
  readonly password?: Redacted.Redacted<string> | undefined
}

export const toUser = (row: typeof crmUsers.$inferSelect): User => ({
  id: UserId.make(row.id),
  organizationId: OrganizationId.make(row.organizationId),
  name: row.name,
  email: row.email,
  profileId: ProfileId.make(row.profileId),
  active: row.active,
  createdAt: row.createdAt,
})

export class Users extends Effect.Service<Users>()("@app/core/crm/Users", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const profiles = yield* Profiles
    const userChanges = yield* UserChanges

    const list = Effect.fn("Users.list")(function* () {
      const actor = yield* CurrentActor
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(crmUsers)
          .where(eq(crmUsers.organizationId, actor.organizationId))
          .orderBy(asc(crmUsers.name), asc(crmUsers.id)),
      )
      return rows.map(toUser)
    })

    const get = Effect.fn("Users.get")(function* (id: UserId) {
      const actor = yield* CurrentActor
      const [row] = yield* database.use((db) =>
        db
          .select()
          .from(crmUsers)
          .where(and(eq(crmUsers.id, id), eq(crmUsers.organizationId, actor.organizationId))),
      )
      if (!row) return yield* new UserNotFound({ userId: id })
      return toUser(row)
    })

    const create = Effect.fn("Users.create")(function* (input: NewUser) {
      const actor = yield* requireAdmin("add users")
      yield* profiles.get(input.profileId)
      const email = input.email.trim()
      const passwordHash = input.password ? yield* hashPassword(input.password) : null
      return yield* database.transaction(
        Effect.gen(function* () {
          const [row] = yield* database
            .use((db) =>
              db
                .insert(crmUsers)
                .values({
                  organizationId: actor.organizationId,
                  profileId: input.profileId,
                  name: input.name.trim(),
                  email,
                  passwordHash,
                })
                .returning(),
            )
            .pipe(
              Effect.catchTag("DatabaseError", (error) =>
                error.isUniqueViolation ? new EmailTaken({ email }) : Effect.die(error),
              ),
            )
          if (!row) return yield* Effect.die("insert returned no user")
          const user = toUser(row)
          yield* userChanges.publish({ _tag: "UserCreated", user })
          return user
        }),
      )
    })

    // Counts the other active administrators, locking them so two concurrent demotions cannot both pass.
    const otherActiveAdmins = (actorOrg: OrganizationId, userId: UserId) =>
      database.execute<{ id: string }>(
        sql`select u.id from ${crmUsers} u join ${crmProfiles} p on p.id = u.profile_id
            where u.organization_id = ${actorOrg} and u.active and p.is_admin and u.id <> ${userId}
            for update of u`,
      )

    const update = Effect.fn("Users.update")(function* (id: UserId, patch: UserPatch) {
      const actor = yield* requireAdmin("change users")
      const newProfile = patch.profileId ? yield* profiles.get(patch.profileId) : undefined
      const passwordHash = patch.password ? yield* hashPassword(patch.password) : undefined
      return yield* database.transaction(
        Effect.gen(function* () {
          const before = yield* get(id)
          const beforeProfile = yield* profiles.get(before.profileId)
          const losesAdmin =
            beforeProfile.isAdmin &&
            before.active &&
            (patch.active === false || (newProfile !== undefined && !newProfile.isAdmin))
          if (losesAdmin) {
            const others = yield* otherActiveAdmins(actor.organizationId, id)
            if (others.length === 0) return yield* new LastAdministrator()
          }
          const [row] = yield* database.use((db) =>
            db
              .update(crmUsers)
              .set({
                ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
                ...(patch.profileId !== undefined ? { profileId: patch.profileId } : {}),
                ...(patch.active !== undefined ? { active: patch.active } : {}),
                ...(passwordHash !== undefined ? { passwordHash } : {}),
                updatedAt: sql`now()`,
              })
              .where(and(eq(crmUsers.id, id), eq(crmUsers.organizationId, actor.organizationId)))
              .returning(),
          )
          if (!row) return yield* new UserNotFound({ userId: id })
          const user = toUser(row)
          // A new password or a deactivation ends the user's open sessions.
          if (passwordHash !== undefined || patch.active === false) {
            yield* database.use((db) => db.delete(crmSessions).where(eq(crmSessions.userId, id)))
          }
          // A new password is what one sets after a leak: the user's API tokens go with the old one.
          if (passwordHash !== undefined) {
            yield* database.use((db) =>
              db
                .update(crmApiTokens)
                .set({ revokedAt: sql`now()` })
                .where(and(eq(crmApiTokens.userId, id), isNull(crmApiTokens.revokedAt))),
            )
          }
          if (user.profileId !== before.profileId) {
            yield* userChanges.publish({ _tag: "UserReprofiled", user, previousProfileId: before.profileId })
          }
          if (user.active && !before.active) {
            yield* userChanges.publish({ _tag: "UserReactivated", user })
          }
          return user
        }),
      )
    })

    /** The signed-in user's language, picked in the console; any user may set their own. */
    const setOwnLocale = Effect.fn("Users.setOwnLocale")(function* (locale: UserLocale) {
      const actor = yield* CurrentActor
      yield* database.use((db) =>
        db
          .update(crmUsers)
          .set({ locale, updatedAt: sql`now()` })
          .where(and(eq(crmUsers.id, actor.userId), eq(crmUsers.organizationId, actor.organizationId))),
      )
    })

    /** A user's language, for what the product writes to them. */
    const localeOf = Effect.fn("Users.localeOf")(function* (id: UserId) {
      const [row] = yield* database.use((db) =>
        db.select({ locale: crmUsers.locale }).from(crmUsers).where(eq(crmUsers.id, id)),
      )
      if (!row) return yield* new UserNotFound({ userId: id })
      return row.locale
    })

    return { list, get, create, update, setOwnLocale, localeOf } as const
  }),
  dependencies: [Profiles.Default],
}) {}
