/**
 * Profiles: the built-in Administrator (admin privileges) and Standard, plus the custom profiles
 * administrators add. Custom profiles never carry admin privileges: Administrator is the one that does.
 */
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "../persistence/index.js"
import { crmProfiles } from "../persistence/tables/index.js"
import { CurrentActor, requireAdmin } from "./actor.js"
import { ProfileNameTaken, ProfileNotFound } from "./errors.js"
import { type Profile, ProfileId } from "./model.js"

export interface NewProfile {
  readonly name: string
  readonly description?: string | undefined
}

export const toProfile = (row: typeof crmProfiles.$inferSelect): Profile => ({
  id: ProfileId.make(row.id),
  name: row.name,
  description: row.description,
  isAdmin: row.isAdmin,
  builtIn: row.builtIn,
})

export class Profiles extends Effect.Service<Profiles>()("@app/core/crm/Profiles", {
  effect: Effect.gen(function* () {
    const database = yield* Database

    const list = Effect.fn("Profiles.list")(function* () {
      const actor = yield* CurrentActor
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(crmProfiles)
          .where(eq(crmProfiles.organizationId, actor.organizationId))
          .orderBy(sql`${crmProfiles.builtIn} desc`, asc(crmProfiles.name)),
      )
      return rows.map(toProfile)
    })

    const get = Effect.fn("Profiles.get")(function* (id: ProfileId) {
      const actor = yield* CurrentActor
      const [row] = yield* database.use((db) =>
        db
          .select()
          .from(crmProfiles)
          .where(and(eq(crmProfiles.id, id), eq(crmProfiles.organizationId, actor.organizationId))),
      )
      if (!row) return yield* new ProfileNotFound({ profileId: id })
      return toProfile(row)
    })

    const create = Effect.fn("Profiles.create")(function* (input: NewProfile) {
      const actor = yield* requireAdmin("add profiles")
      const name = input.name.trim()
      const [row] = yield* database
        .use((db) =>
          db
            .insert(crmProfiles)
            .values({
              organizationId: actor.organizationId,
              name,
              description: input.description?.trim() ?? "",
            })
            .returning(),
        )
        .pipe(
          Effect.catchTag("DatabaseError", (error) =>
            error.isUniqueViolation ? new ProfileNameTaken({ name }) : Effect.die(error),
          ),
        )
      if (!row) return yield* Effect.die("insert returned no profile")
      return toProfile(row)
    })

    return { list, get, create } as const
  }),
}) {}
