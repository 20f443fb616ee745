/**
 * Reads and enforces the per-profile project permissions. Checked in core, so API routes, console
 * views and jobs obey the same rule.
 */
import { and, eq } from "drizzle-orm"
import { Effect } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import type { ProfileId } from "../../crm/model.js"
import { Database, tables } from "../../persistence/index.js"
import {
  allOff,
  allOn,
  type ProjectAction,
  ProjectPermissionDenied,
  type ProjectPermissionSet,
} from "./model.js"

export class ProjectPermissions extends Effect.Service<ProjectPermissions>()(
  "@app/core/integration/ProjectPermissions",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database

      const forProfile = Effect.fn("ProjectPermissions.forProfile")(function* (
        profileId: ProfileId,
        isAdminProfile: boolean,
      ) {
        const actor = yield* CurrentActor
        const t = tables.integrationProfilePermissions
        const [row] = yield* database.use((db) =>
          db
            .select()
            .from(t)
            .where(and(eq(t.organizationId, actor.organizationId), eq(t.profileId, profileId))),
        )
        if (row === undefined) return isAdminProfile ? allOn : allOff
        return { tab: row.tab, view: row.view, create: row.create, edit: row.edit, delete: row.delete }
      })

      /** The current actor's boxes. */
      const mine = Effect.fn("ProjectPermissions.mine")(function* () {
        const actor = yield* CurrentActor
        return yield* forProfile(actor.profileId, actor.isAdmin)
      })

      const require = Effect.fn("ProjectPermissions.require")(function* (action: ProjectAction) {
        const set: ProjectPermissionSet = yield* mine()
        if (!set[action]) return yield* new ProjectPermissionDenied({ action })
      })

      return { forProfile, mine, require } as const
    }),
  },
) {}
