/**
 * Reads, enforces and edits the per-profile project permissions (SPEC §4.4, seed "Définir les
 * autorisations" and "Gérer les utilisateurs et leurs autorisations"). Checked in core, so API routes,
 * console views and jobs obey the same rule. Saving transfers the users of every profile with any box
 * ticked to the portal (UserTransfers); removing a box never removes anyone from the portal.
 */
import { and, eq, sql } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { CurrentActor, requireAdmin } from "../../crm/actor.js"
import type { OrganizationId, ProfileId } from "../../crm/model.js"
import { Database, makeOrganizationCache, tables } from "../../persistence/index.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { statusMessages } from "../model.js"
import { UserTransfers } from "../user-transfer/user-transfers.js"
import {
  allOff,
  allOn,
  effectivePermissions,
  lacksView,
  PermissionsInvalid,
  type PermissionsPreview,
  type ProfilePermissionEntry,
  type ProfilePermissions,
  type ProjectAction,
  type ProjectNavigation,
  ProjectPermissionDenied,
  type ProjectPermissionSet,
} from "./model.js"
import { anyTicked, type ProfileSet, profileSets } from "./profile-sets.js"

const boxes = (e: ProjectPermissionSet): ProjectPermissionSet => ({
  tab: e.tab,
  view: e.view,
  create: e.create,
  edit: e.edit,
  delete: e.delete,
})

export class ProjectPermissions extends Effect.Service<ProjectPermissions>()(
  "@app/core/integration/ProjectPermissions",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database
      const state = yield* IntegrationState
      const transfers = yield* UserTransfers
      // Checked on every request of the Projects tab: kept in process, dropped on any change.
      const cache = yield* makeOrganizationCache<ProjectPermissionSet | null>({ ttl: "30 seconds" })

      const forProfile = Effect.fn("ProjectPermissions.forProfile")(function* (
        profileId: ProfileId,
        isAdminProfile: boolean,
      ) {
        const actor = yield* CurrentActor
        const t = tables.integrationProfilePermissions
        const read = database
          .use((db) =>
            db
              .select()
              .from(t)
              .where(and(eq(t.organizationId, actor.organizationId), eq(t.profileId, profileId))),
          )
          .pipe(Effect.map(([row]) => (row === undefined ? null : boxes(row))))
        const stored = yield* cache.get(
          `${actor.organizationId}/${profileId}`,
          read,
          () => actor.organizationId,
        )
        if (stored === null) return isAdminProfile ? allOn : allOff
        // Rows saved before the View rule was enforced grant only what the rule allows.
        return effectivePermissions(stored)
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

      /**
       * For `/me`: whether the console shows the Projects tab. Shown when the box is ticked and a
       * portal is associated — also while the key is invalid or the trial is over, to say why.
       */
      const navigation = Effect.fn("ProjectPermissions.navigation")(function* () {
        const permissions = yield* mine()
        const { status } = yield* state.current()
        const associated = status === "active" || status === "key_invalid" || status === "trial_expired"
        const result: ProjectNavigation = {
          projectsTab: permissions.tab && associated,
          permissions,
          message: permissions.tab && associated ? statusMessages[status] : null,
        }
        return result
      })

      const toView = (s: ProfileSet): ProfilePermissions => ({
        profileId: s.profileId,
        name: s.name,
        isAdmin: s.isAdmin,
        permissions: s.permissions,
      })

      /** `GET /integration/permissions`: every profile with its five boxes (admins). */
      const list = Effect.fn("ProjectPermissions.list")(function* () {
        const actor = yield* requireAdmin("read the project permissions")
        return (yield* profileSets(actor.organizationId)).map(toView)
      })

      /** The sets after applying `entries`; unknown or repeated profiles refuse the whole change. */
      const apply = (organizationId: OrganizationId, entries: ReadonlyArray<ProfilePermissionEntry>) =>
        Effect.gen(function* () {
          const current = yield* profileSets(organizationId)
          const errors: Array<PermissionsInvalid["errors"][number]> = []
          const seen = new Set<string>()
          entries.forEach((e, i) => {
            if (!current.some((s) => s.profileId === e.profileId))
              errors.push({
                field: `entries[${i}].profileId`,
                message: `no profile ${e.profileId} in this organization`,
                code: "unknownProfile",
              })
            else if (seen.has(e.profileId))
              errors.push({
                field: `entries[${i}].profileId`,
                message: `profile ${e.profileId} is listed twice`,
                code: "listedTwice",
              })
            else if (lacksView(e))
              errors.push({
                field: `entries[${i}].view`,
                message: "View is required to create, edit or delete projects",
                code: "viewRequired",
              })
            seen.add(e.profileId)
          })
          if (errors.length > 0) return yield* new PermissionsInvalid({ errors })
          const after = current.map((s) => {
            const entry = entries.find((e) => e.profileId === s.profileId)
            return entry ? { ...s, permissions: boxes(entry) } : s
          })
          return { before: current, after }
        })

      /**
       * What saving will do: every active user of a profile with any box ticked goes to the portal as
       * Employee unless already there (same email, any case: keeps their role). Conflicts: the email
       * is a client user of the portal, or a portal user deactivated there (the transfer leaves both).
       * Compares with the CRM's copy of the portal's users, as of the last sync or transfer.
       */
      const previewOf = (organizationId: OrganizationId, after: ReadonlyArray<ProfileSet>) =>
        Effect.gen(function* () {
          const eligible = after.filter((s) => anyTicked(s.permissions)).map((s) => s.profileId)
          if (eligible.length === 0) return summarize([], [], [])
          const u = tables.crmUsers
          const pu = tables.integrationPortalUsers
          const cu = tables.integrationClientUsers
          const rows = yield* database.use((db) =>
            db
              .select({
                userId: u.id,
                email: u.email,
                name: u.name,
                role: pu.role,
                active: pu.active,
                client: sql<boolean>`exists (select 1 from ${cu} where ${cu.organizationId} = ${u.organizationId} and lower(${cu.email}) = lower(${u.email}))`,
              })
              .from(u)
              .leftJoin(
                pu,
                and(eq(pu.organizationId, u.organizationId), sql`lower(${pu.email}) = lower(${u.email})`),
              )
              .where(
                and(
                  eq(u.organizationId, organizationId),
                  eq(u.active, true),
                  sql`${u.profileId} in (${sql.join(
                    eligible.map((id) => sql`${id}::uuid`),
                    sql`, `,
                  )})`,
                ),
              )
              .orderBy(u.email),
          )
          const person = (r: (typeof rows)[number]) => ({ userId: r.userId, email: r.email, name: r.name })
          const conflicts = rows.flatMap(
            (r): Array<PermissionsPreview["conflicts"][number]> =>
              r.client
                ? [
                    {
                      ...person(r),
                      reason: "this email is a client user of the portal; it is not added as Employee",
                      code: "clientUser" as const,
                      role: null,
                    },
                  ]
                : r.role !== null && r.active === false
                  ? [
                      {
                        ...person(r),
                        reason: `deactivated in the portal (role ${r.role}); the transfer leaves it so`,
                        code: "deactivated" as const,
                        role: r.role,
                      },
                    ]
                  : [],
          )
          const conflicted = new Set(conflicts.map((c) => c.userId))
          const present = rows.filter((r) => r.role !== null && !conflicted.has(r.userId))
          const toAdd = rows.filter((r) => r.role === null && !conflicted.has(r.userId))
          return summarize(
            toAdd.map(person),
            present.map((r) => ({ ...person(r), role: r.role ?? "" })),
            conflicts,
          )
        })

      const summarize = (
        toTransfer: PermissionsPreview["toTransfer"],
        alreadyPresent: PermissionsPreview["alreadyPresent"],
        conflicts: PermissionsPreview["conflicts"],
      ): PermissionsPreview => ({
        summary: `+${toTransfer.length} users as Employee, ${alreadyPresent.length} already in the portal keep their role, ${conflicts.length} conflicts`,
        toTransfer,
        alreadyPresent,
        conflicts,
      })

      /** `POST /integration/permissions/preview`: what saving these entries would do; writes nothing. */
      const preview = Effect.fn("ProjectPermissions.preview")(function* (
        entries: ReadonlyArray<ProfilePermissionEntry>,
      ) {
        const actor = yield* requireAdmin("change the project permissions")
        const { after } = yield* apply(actor.organizationId, entries)
        return yield* previewOf(actor.organizationId, after)
      })

      /**
       * `PUT /integration/permissions` (also Edit Configuration): sets the listed profiles' boxes
       * (profiles not listed keep theirs), audited, and starts a user transfer run when any profile
       * has a box ticked. The portal must be associated: the transfer needs it.
       */
      const replace = Effect.fn("ProjectPermissions.replace")(function* (
        entries: ReadonlyArray<ProfilePermissionEntry>,
      ) {
        const actor = yield* requireAdmin("change the project permissions")
        yield* state.requireActive("save the project permissions")
        return yield* database.transaction(
          Effect.gen(function* () {
            yield* state.current({ lock: true })
            const { before, after } = yield* apply(actor.organizationId, entries)
            const now = new Date(yield* Clock.currentTimeMillis)
            const t = tables.integrationProfilePermissions
            if (entries.length > 0) {
              yield* database.use((db) =>
                db
                  .insert(t)
                  .values(
                    entries.map((e) => ({
                      organizationId: actor.organizationId,
                      profileId: e.profileId,
                      ...boxes(e),
                      updatedAt: now,
                    })),
                  )
                  .onConflictDoUpdate({
                    target: [t.organizationId, t.profileId],
                    set: {
                      tab: sql`excluded.tab`,
                      view: sql`excluded.view`,
                      create: sql`excluded.create`,
                      edit: sql`excluded.edit`,
                      delete: sql`excluded.delete`,
                      updatedAt: now,
                    },
                  }),
              )
            }
            const changes = after.flatMap((s) => {
              const was = before.find((b) => b.profileId === s.profileId)
              return was && JSON.stringify(was.permissions) !== JSON.stringify(s.permissions)
                ? [{ profile: s.name, before: was.permissions, after: s.permissions }]
                : []
            })
            const transfer = after.some((s) => anyTicked(s.permissions))
              ? yield* transfers.start(actor.organizationId, "permissions_saved", null, actor.userId)
              : null
            yield* state.transition(
              "integration.permissions_saved",
              { permissionsSavedAt: now },
              { permissions: changes, transfer },
            )
            return { permissions: after.map(toView), transfer }
          }),
        )
      })

      return { forProfile, mine, require, navigation, list, preview, replace } as const
    }),
  },
) {}
