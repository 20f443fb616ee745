/**
 * Every profile of an organization with its effective boxes (a row, or the default: Administrator all
 * on, others all off), and who of them goes to the portal: a profile with any box ticked (SPEC §4.4).
 */
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect } from "effect"
import type { OrganizationId } from "../../crm/model.js"
import { Database, tables } from "../../persistence/index.js"
import { allOff, allOn, type ProjectPermissionSet } from "./model.js"

export interface ProfileSet {
  readonly profileId: string
  readonly name: string
  readonly isAdmin: boolean
  readonly permissions: ProjectPermissionSet
  /** False while the profile still has its default boxes. */
  readonly saved: boolean
}

export const anyTicked = (set: ProjectPermissionSet) =>
  set.tab || set.view || set.create || set.edit || set.delete

export const profileSets = (organizationId: OrganizationId) =>
  Effect.gen(function* () {
    const database = yield* Database
    const p = tables.crmProfiles
    const r = tables.integrationProfilePermissions
    const rows = yield* database.use((db) =>
      db
        .select({ profile: p, permissions: r })
        .from(p)
        .leftJoin(r, and(eq(r.organizationId, p.organizationId), eq(r.profileId, p.id)))
        .where(eq(p.organizationId, organizationId))
        .orderBy(sql`${p.builtIn} desc`, asc(p.name)),
    )
    return rows.map(
      ({ profile, permissions }): ProfileSet => ({
        profileId: profile.id,
        name: profile.name,
        isAdmin: profile.isAdmin,
        permissions: permissions
          ? {
              tab: permissions.tab,
              view: permissions.view,
              create: permissions.create,
              edit: permissions.edit,
              delete: permissions.delete,
            }
          : profile.isAdmin
            ? allOn
            : allOff,
        saved: permissions !== null,
      }),
    )
  })

/** Ids of the profiles whose users are transferred to the portal. */
export const eligibleProfileIds = (organizationId: OrganizationId) =>
  Effect.map(profileSets(organizationId), (sets) =>
    sets.filter((s) => anyTicked(s.permissions)).map((s) => s.profileId),
  )
