/**
 * The seed's paragraph on permissions for CRM users, end to end against the mock Projects server:
 * saving permissions transfers users as Employee, users already in the portal keep their role, users
 * added later are transferred too, and nobody is ever removed from the portal.
 */
import { type Actor, Profiles, Users } from "@app/core/crm"
import {
  AuditLog,
  IntegrationState,
  PortalSetup,
  ProjectPermissions,
  USER_TRANSFER_JOB,
  UserTransfers,
  UserTransferTriggers,
} from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"
const MANAGER = "manager@projects.demo.test"

const TestLayer = Layer.mergeAll(UserTransferTriggers, Profiles.Default).pipe(
  Layer.provideMerge(IntegrationTestLayer),
)

const control = Effect.map(mock, (m) => m.control)

/** Runs every ready job, the user transfer's included. */
const drainAll = Effect.gen(function* () {
  const runner = yield* JobRunner
  const transfers = yield* UserTransfers
  yield* runner.register(USER_TRANSFER_JOB, transfers.handle)
  return yield* drain
})

const associate = (adminActor: Actor) =>
  Effect.gen(function* () {
    yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
    const c = yield* control
    const key = Redacted.make((yield* Effect.promise(() => c.keys(OWNER))).key ?? "")
    const portal = (yield* Effect.promise(() => c.state())).portals[0]
    if (portal === undefined) return yield* Effect.die("demo portal missing")
    yield* Effect.flatMap(PortalSetup, (setup) =>
      setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } }),
    ).pipe(as(adminActor))
    yield* drainAll
    return portal
  })

/** The role of `email` in the portal, as the mock holds it (undefined: not a portal user). */
const roleIn = (portalId: string, email: string) =>
  Effect.flatMap(control, (c) => Effect.promise(() => c.state({ allUsers: true }))).pipe(
    Effect.map(
      (state) =>
        state.users
          .find((u) => u.email.toLowerCase() === email.toLowerCase())
          ?.portals.find((p) => p.portal_id === portalId)?.role,
    ),
  )

const teamOnly = (profileId: string, on: boolean) => ({
  profileId,
  tab: on,
  view: on,
  create: false,
  edit: false,
  delete: false,
})

layer(TestLayer, { timeout: 90_000, excludeTestServices: true })("user transfer to the portal", (it) => {
  it.effect("adds new users as Employee and keeps the role of a user already a Manager", () =>
    Effect.gen(function* () {
      const { adminActor, admin } = yield* newOrganization()
      const portal = yield* associate(adminActor)
      const users = yield* Users
      const team = yield* Effect.flatMap(Profiles, (p) => p.create({ name: "Project team" })).pipe(
        as(adminActor),
      )
      const suffix = adminActor.organizationId.slice(0, 8)
      const maria = yield* users
        .create({ name: "Maria Manager", email: MANAGER.toUpperCase(), profileId: team.id })
        .pipe(as(adminActor))
      const bob = yield* users
        .create({ name: "Bob Builder", email: `bob.${suffix}@example.test`, profileId: team.id })
        .pipe(as(adminActor))
      const wile = yield* users
        .create({ name: "Wile Coyote", email: "wile.coyote@acme.test", profileId: team.id })
        .pipe(as(adminActor))
      const permissions = yield* ProjectPermissions

      const preview = yield* permissions.preview([teamOnly(team.id, true)]).pipe(as(adminActor))
      // Ada (Administrator: every box by default) and Bob are new; Maria is a Manager; Wile is a client user.
      expect(preview.summary).toBe(
        "+2 users as Employee, 1 already in the portal keep their role, 1 conflicts",
      )
      expect(preview.toTransfer.map((u) => u.userId).sort()).toEqual([admin.id, bob.id].sort())
      expect(preview.alreadyPresent).toEqual([expect.objectContaining({ userId: maria.id, role: "Manager" })])
      expect(preview.conflicts).toEqual([
        expect.objectContaining({ userId: wile.id, code: "clientUser", role: null }),
      ])

      const saved = yield* permissions.replace([teamOnly(team.id, true)]).pipe(as(adminActor))
      expect(saved.transfer).not.toBeNull()
      yield* drainAll

      expect(yield* roleIn(portal.id, bob.email)).toBe("Employee")
      expect(yield* roleIn(portal.id, admin.email)).toBe("Employee")
      expect(yield* roleIn(portal.id, MANAGER)).toBe("Manager")

      const transfers = yield* UserTransfers
      const report = yield* transfers.transfer(saved.transfer?.runId ?? "").pipe(as(adminActor))
      expect(report.run).toMatchObject({
        trigger: "permissions_saved",
        status: "succeeded",
        counts: { transferred: 2, alreadyPresent: 2, failed: 0 },
      })
      const byUser = Object.fromEntries(report.items.map((i) => [i.userId, [i.outcome, i.role]]))
      expect(byUser).toEqual({
        [admin.id]: ["transferred", "Employee"],
        [bob.id]: ["transferred", "Employee"],
        [maria.id]: ["already_present", "Manager"],
        [wile.id]: ["already_present", "Client"],
      })

      const view = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
      expect(view.steps.permissions).toBe(true)
      const audit = yield* Effect.flatMap(AuditLog, (a) => a.list({})).pipe(as(adminActor))
      expect(audit.items[0]).toMatchObject({
        action: "integration.permissions_saved",
        after: {
          permissions: [
            {
              profile: "Project team",
              before: { tab: false, view: false, create: false, edit: false, delete: false },
              after: { tab: true, view: true, create: false, edit: false, delete: false },
            },
          ],
        },
      })
    }),
  )

  it.effect(
    "transfers a user created, re-profiled or re-activated into a ticked profile, and removes no one",
    () =>
      Effect.gen(function* () {
        const { adminActor, profiles } = yield* newOrganization()
        const portal = yield* associate(adminActor)
        const users = yield* Users
        const permissions = yield* ProjectPermissions
        const transfers = yield* UserTransfers
        const team = yield* Effect.flatMap(Profiles, (p) => p.create({ name: "Delivery" })).pipe(
          as(adminActor),
        )
        const suffix = adminActor.organizationId.slice(0, 8)
        const carl = yield* users
          .create({
            name: "Carl Standard",
            email: `carl.${suffix}@example.test`,
            profileId: profiles.standard,
          })
          .pipe(as(adminActor))
        const gone = yield* users
          .create({ name: "Gina Gone", email: `gina.${suffix}@example.test`, profileId: team.id })
          .pipe(as(adminActor))
        yield* users.update(gone.id, { active: false }).pipe(as(adminActor))
        yield* permissions.replace([teamOnly(team.id, true)]).pipe(as(adminActor))
        yield* drainAll
        expect(yield* roleIn(portal.id, carl.email)).toBeUndefined()
        expect(yield* roleIn(portal.id, gone.email)).toBeUndefined()

        const dora = yield* users
          .create({ name: "Dora", email: `dora.${suffix}@example.test`, profileId: team.id })
          .pipe(as(adminActor))
        yield* users.update(carl.id, { profileId: team.id }).pipe(as(adminActor))
        yield* users.update(gone.id, { active: true }).pipe(as(adminActor))
        yield* drainAll
        expect(yield* roleIn(portal.id, dora.email)).toBe("Employee")
        expect(yield* roleIn(portal.id, carl.email)).toBe("Employee")
        expect(yield* roleIn(portal.id, gone.email)).toBe("Employee")
        const runs = yield* transfers.transfers().pipe(as(adminActor))
        expect(runs.map((r) => r.trigger).sort()).toEqual(
          ["permissions_saved", "user_created", "user_reactivated", "user_reprofiled"].sort(),
        )
        expect(runs.every((r) => r.status === "succeeded")).toBe(true)

        // Unticking every box, or deactivating the user, never removes anyone from the portal.
        yield* permissions.replace([teamOnly(team.id, false)]).pipe(as(adminActor))
        yield* users.update(dora.id, { active: false }).pipe(as(adminActor))
        yield* drainAll
        expect(yield* roleIn(portal.id, dora.email)).toBe("Employee")
        expect(yield* roleIn(portal.id, carl.email)).toBe("Employee")
      }),
  )

  it.effect("reports a user the portal refuses as failed, with the portal's reason", () =>
    Effect.gen(function* () {
      const { adminActor, admin } = yield* newOrganization()
      const portal = yield* associate(adminActor)
      const c = yield* control
      // The Administrator profile has every box by default: saving it transfers the admin alone.
      yield* Effect.promise(() =>
        c.faults.add({
          kind: "status",
          method: "POST",
          path: "/api/v3/portal/*/users",
          status: 400,
          count: 1,
        }),
      )
      const saved = yield* Effect.flatMap(ProjectPermissions, (p) => p.replace([])).pipe(as(adminActor))
      yield* drainAll
      const report = yield* Effect.flatMap(UserTransfers, (t) =>
        t.transfer(saved.transfer?.runId ?? ""),
      ).pipe(as(adminActor))
      expect(report.run).toMatchObject({
        status: "succeeded",
        counts: { transferred: 0, alreadyPresent: 0, failed: 1 },
      })
      expect(report.items).toEqual([
        expect.objectContaining({
          userId: admin.id,
          outcome: "failed",
          role: null,
          reason: expect.any(String),
        }),
      ])
      expect(report.items[0]?.reason?.length).toBeGreaterThan(0)
      expect(yield* roleIn(portal.id, admin.email)).toBeUndefined()
    }),
  )

  it.effect("queues no transfer for users added while no portal is associated", () =>
    Effect.gen(function* () {
      const { adminActor, profiles } = yield* newOrganization()
      yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
      yield* Effect.flatMap(Users, (u) =>
        u.create({
          name: "Early Admin",
          email: `early.${adminActor.organizationId.slice(0, 8)}@example.test`,
          profileId: profiles.administrator,
        }),
      ).pipe(as(adminActor))
      const runs = yield* Effect.flatMap(UserTransfers, (t) => t.transfers()).pipe(as(adminActor))
      expect(runs).toEqual([])
    }),
  )

  it.effect("refuses permissions naming an unknown profile, saving nothing", () =>
    Effect.gen(function* () {
      const { adminActor } = yield* newOrganization()
      yield* associate(adminActor)
      const permissions = yield* ProjectPermissions
      const before = yield* permissions.list().pipe(as(adminActor))
      const unknown = "00000000-0000-4000-8000-00000000beef"
      const error = yield* permissions.replace([teamOnly(unknown, true)]).pipe(as(adminActor), Effect.flip)
      expect(error).toMatchObject({
        _tag: "PermissionsInvalid",
        errors: [
          {
            field: "entries[0].profileId",
            message: `no profile ${unknown} in this organization`,
            code: "unknownProfile",
          },
        ],
      })
      expect(yield* permissions.list().pipe(as(adminActor))).toEqual(before)
      expect(before.map((p) => [p.name, p.permissions.view])).toEqual([
        ["Administrator", true],
        ["Standard", false],
      ])
    }),
  )
})
