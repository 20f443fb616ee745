/** Loads the Actor a session or API token stands for: the user's current profile decides their rights. */
import { and, eq } from "drizzle-orm"
import { Effect, Option } from "effect"
import { Database } from "../persistence/index.js"
import { crmProfiles, crmUsers } from "../persistence/tables/index.js"
import type { Actor } from "./actor.js"
import { OrganizationId, ProfileId, UserId } from "./model.js"

export const loadActor = (userId: string, via: Actor["via"]) =>
  Effect.gen(function* () {
    const database = yield* Database
    const [row] = yield* database.use((db) =>
      db
        .select({ user: crmUsers, isAdmin: crmProfiles.isAdmin })
        .from(crmUsers)
        .innerJoin(crmProfiles, eq(crmProfiles.id, crmUsers.profileId))
        .where(and(eq(crmUsers.id, userId), eq(crmUsers.active, true))),
    )
    if (!row) return Option.none<Actor>()
    return Option.some<Actor>({
      userId: UserId.make(row.user.id),
      organizationId: OrganizationId.make(row.user.organizationId),
      profileId: ProfileId.make(row.user.profileId),
      isAdmin: row.isAdmin,
      email: row.user.email,
      name: row.user.name,
      via,
    })
  })
