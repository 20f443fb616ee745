/**
 * The authorization matrix of SPEC §4.4 at the core level: every projects operation against each of
 * the five profile permissions, on alone and off alone. An operation is allowed exactly when its own
 * box is ticked, whatever the other four say.
 */
import { type Actor, type CurrentActor, Profiles, Records, Users } from "@app/core/crm"
import {
  CrmProjects,
  IntegrationState,
  PortalSetup,
  type ProjectAction,
  ProjectDrafts,
  ProjectPermissions,
  ProjectWrites,
} from "@app/core/integration"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { Effect, Exit, Layer, Redacted } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"
const ACTIONS: ReadonlyArray<ProjectAction> = ["tab", "view", "create", "edit", "delete"]

/** The specified answer: each operation and the one box it needs. */
const NEEDS = {
  "tab visibility": "tab",
  list: "view",
  get: "view",
  "deal related list": "view",
  "account related list": "view",
  "deal draft": "create",
  "account draft": "create",
  create: "create",
  update: "edit",
  delete: "delete",
} as const satisfies Record<string, ProjectAction>
type Operation = keyof typeof NEEDS

const TestLayer = Layer.mergeAll(Records.Default, Profiles.Default).pipe(
  Layer.provideMerge(IntegrationTestLayer),
)

const associate = (adminActor: Actor) =>
  Effect.gen(function* () {
    yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
    const c = (yield* mock).control
    const key = Redacted.make((yield* Effect.promise(() => c.keys(OWNER))).key ?? "")
    const portal = (yield* Effect.promise(() => c.state())).portals[0]
    if (portal === undefined) return yield* Effect.die("demo portal missing")
    yield* Effect.flatMap(PortalSetup, (setup) =>
      setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } }),
    ).pipe(as(adminActor))
    yield* drain
  })

layer(TestLayer, { timeout: 180_000, excludeTestServices: true })("project permissions matrix", (it) => {
  it.effect("allows each projects operation exactly when its own box is ticked", () =>
    Effect.gen(function* () {
      const { adminActor, admin } = yield* newOrganization()
      yield* associate(adminActor)
      const records = yield* Records
      const writes = yield* ProjectWrites
      const projects = yield* CrmProjects
      const drafts = yield* ProjectDrafts
      const permissions = yield* ProjectPermissions
      const profile = yield* Effect.flatMap(Profiles, (p) => p.create({ name: "Matrix" })).pipe(
        as(adminActor),
      )
      const member = yield* Effect.flatMap(Users, (u) =>
        u.create({
          name: "Mat Rix",
          email: `mat.${admin.id.slice(0, 8)}@example.test`,
          profileId: profile.id,
        }),
      ).pipe(as(adminActor))
      const actor: Actor = {
        ...adminActor,
        userId: member.id,
        profileId: profile.id,
        isAdmin: false,
        email: member.email,
        name: member.name,
      }
      const account = yield* records.create("accounts", { name: `Matrix ${admin.id}` }).pipe(as(adminActor))
      const deal = yield* records
        .create("deals", { name: "Matrix deal", stage: "Proposal", account: account.id })
        .pipe(as(adminActor))
      const project = yield* writes
        .create({ values: { name: `Matrix project ${admin.id}` }, dealId: deal.id })
        .pipe(as(adminActor))

      let n = 0
      const operations = (
        disposable: string,
      ): Record<Operation, Effect.Effect<unknown, unknown, CurrentActor>> => ({
        "tab visibility": Effect.flatMap(permissions.navigation(), (nav) =>
          nav.projectsTab ? Effect.void : Effect.fail({ _tag: "ProjectPermissionDenied" }),
        ),
        list: projects.list({}),
        get: projects.get(project.id),
        "deal related list": projects.forDeal(deal.id, {}),
        "account related list": projects.forAccount(account.id, {}),
        "deal draft": drafts.forDeal(deal.id),
        "account draft": drafts.forAccount(account.id),
        create: writes.create({ values: { name: `Matrix ${admin.id} ${++n}` } }),
        update: writes.update(project.id, { values: { description: `edited ${n}` } }),
        delete: writes.delete(disposable),
      })
      const outcome = (exit: Exit.Exit<unknown, unknown>) =>
        Exit.match(exit, {
          onSuccess: () => "allowed",
          onFailure: (cause) => {
            const failure = JSON.stringify(cause)
            return failure.includes('"ProjectPermissionDenied"') ? "denied" : `failed: ${failure}`
          },
        })

      const observed: Record<string, string> = {}
      const expected: Record<string, string> = {}
      for (const box of ACTIONS) {
        for (const ticked of [true, false]) {
          // The box alone on (the others off), then the box alone off (the others on). Create, Edit and
          // Delete need View: "on alone" ticks View with them, "View off" clears them.
          const alone = Object.fromEntries(ACTIONS.map((a) => [a, a === box ? ticked : !ticked]))
          const set =
            ticked && box !== "tab" && box !== "view"
              ? { ...alone, view: true }
              : !ticked && box === "view"
                ? { ...alone, create: false, edit: false, delete: false }
                : alone
          yield* permissions
            .replace([
              {
                profileId: profile.id,
                tab: false,
                view: false,
                create: false,
                edit: false,
                delete: false,
                ...set,
              },
            ])
            .pipe(as(adminActor))
          const disposable = yield* writes
            .create({ values: { name: `Disposable ${admin.id} ${++n}` } })
            .pipe(as(adminActor))
          for (const [operation, effect] of Object.entries(operations(disposable.id))) {
            const key = `${box} ${ticked ? "on" : "off"} → ${operation}`
            observed[key] = outcome(yield* Effect.exit(effect.pipe(as(actor))))
            expected[key] = set[NEEDS[operation as Operation]] ? "allowed" : "denied"
          }
        }
      }
      expect(observed).toEqual(expected)
      expect(Object.keys(observed)).toHaveLength(ACTIONS.length * 2 * Object.keys(NEEDS).length)
    }),
  )

  it.effect(
    "shows the Projects tab by default to Administrators only, and not before a portal is associated",
    () =>
      Effect.gen(function* () {
        const { adminActor, profiles } = yield* newOrganization()
        const permissions = yield* ProjectPermissions
        const before = yield* permissions.navigation().pipe(as(adminActor))
        expect(before.projectsTab).toBe(false)
        yield* associate(adminActor)
        const admin = yield* permissions.navigation().pipe(as(adminActor))
        expect(admin).toEqual({
          projectsTab: true,
          permissions: { tab: true, view: true, create: true, edit: true, delete: true },
          message: null,
        })
        const standard: Actor = { ...adminActor, profileId: profiles.standard, isAdmin: false }
        const other = yield* permissions.navigation().pipe(as(standard))
        expect(other.projectsTab).toBe(false)
        expect(other.permissions).toEqual({
          tab: false,
          view: false,
          create: false,
          edit: false,
          delete: false,
        })
        const denied = yield* Effect.flatMap(CrmProjects, (p) => p.list({})).pipe(as(standard), Effect.flip)
        expect(denied).toMatchObject({ _tag: "ProjectPermissionDenied", action: "view" })
      }),
  )
})
