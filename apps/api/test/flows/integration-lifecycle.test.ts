/**
 * The seed's paragraphs on enabling, portal configuration (three cases), updating the service key and
 * deactivating, end to end against the mock Projects server over HTTP.
 */

import type { Actor } from "@app/core/crm"
import {
  AuditLog,
  CrmProjects,
  Deactivation,
  IntegrationState,
  PortalSetup,
  PortalSync,
  ServiceKeys,
} from "@app/core/integration"
import { JobQueue } from "@app/core/jobs"
import { Database, tables } from "@app/core/persistence"
import { ProjectsClient, serviceKey } from "@app/core/projects-client"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { eq, sql } from "drizzle-orm"
import { Effect, Redacted } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"

const control = Effect.map(mock, (m) => m.control)
const demoPortal = () => {
  return Effect.flatMap(control, (c) => Effect.promise(() => c.state())).pipe(
    Effect.map((state) => {
      const portal = state.portals[0]
      if (!portal) throw new Error("demo portal missing")
      return portal
    }),
  )
}

const keyOf = (info: { key?: string }) => Redacted.make(info.key ?? "")
const ownerKey = () =>
  Effect.flatMap(control, (c) => Effect.promise(() => c.keys(OWNER))).pipe(Effect.map(keyOf))

const projectsClient = (key: Redacted.Redacted<string>) =>
  Effect.flatMap(ProjectsClient, (client) => client.connect(serviceKey(OWNER, key)))

/** Enable, look up the demo portal with the owner's key, save it and run the import. */
const associateWithKey = (adminActor: Actor) =>
  Effect.gen(function* () {
    const setup = yield* PortalSetup
    yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
    const key = yield* ownerKey()
    const portal = yield* demoPortal()
    const saved = yield* setup
      .choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } })
      .pipe(as(adminActor))
    yield* drain
    return { key, portal, saved }
  })

const listAll = (adminActor: Actor) =>
  Effect.flatMap(CrmProjects, (projects) => projects.list({ limit: 200 })).pipe(as(adminActor))

layer(IntegrationTestLayer, { timeout: 60_000, excludeTestServices: true })(
  "integration lifecycle against the mock Projects server",
  (it) => {
    it.effect("imports every project of another user's portal chosen with a service key", () =>
      Effect.gen(function* () {
        const { adminActor, organization } = yield* newOrganization()
        const setup = yield* PortalSetup
        const state = yield* IntegrationState
        yield* state.enable().pipe(as(adminActor))

        const key = yield* ownerKey()
        const portals = yield* setup.lookup({ email: OWNER, key }).pipe(as(adminActor))
        const portal = yield* demoPortal()
        expect(portals.map((p) => p.id)).toContain(portal.id)

        const saved = yield* setup
          .choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } })
          .pipe(as(adminActor))
        expect(saved.integration.status).toBe("active")
        yield* drain
        const job = yield* Effect.flatMap(JobQueue, (q) => q.get(saved.importJob.id))
        expect(job.status).toBe("succeeded")
        expect(job.progress).toMatchObject({ phase: "done", done: portal.counts.projects })

        const listed = yield* listAll(adminActor)
        expect(listed.items).toHaveLength(portal.counts.projects ?? -1)
        const view = yield* state.view().pipe(as(adminActor))
        expect(view.portal).toEqual({ id: portal.id, name: portal.name })
        expect(view.credential).toEqual({ kind: "key", email: OWNER })
        expect(view.lastSyncedAt).not.toBeNull()

        // The key is stored sealed: neither the view nor the row holds it in clear.
        const [row] = yield* Effect.flatMap(Database, (db) =>
          db.use((d) =>
            d
              .select()
              .from(tables.integrations)
              .where(eq(tables.integrations.organizationId, organization.id)),
          ),
        )
        expect(JSON.stringify(row)).not.toContain(Redacted.value(key))
        expect(JSON.stringify(view)).not.toContain(Redacted.value(key))
      }),
    )

    it.effect("refuses a service key the portal does not accept, storing nothing", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization()
        const setup = yield* PortalSetup
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
        const error = yield* setup
          .lookup({ email: OWNER, key: Redacted.make("0".repeat(32)) })
          .pipe(as(adminActor), Effect.flip)
        expect(error).toMatchObject({ _tag: "CredentialRejected", field: "key" })
        const view = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
        expect(view.status).toBe("setting_up")
        expect(view.credential).toBeNull()
      }),
    )

    it.effect("connects the admin's own portal through the OAuth code flow", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization()
        const setup = yield* PortalSetup
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
        const authorizeUrl = yield* setup.oauthStart({ loginHint: OWNER }).pipe(as(adminActor))
        const redirect = yield* Effect.promise(() => fetch(authorizeUrl, { redirect: "manual" }))
        const location = new URL(redirect.headers.get("location") ?? "")
        const connected = yield* setup
          .oauthCallback({
            code: location.searchParams.get("code") ?? undefined,
            state: location.searchParams.get("state") ?? undefined,
          })
          .pipe(as(adminActor))
        expect(connected.email).toBe(OWNER)
        const portals = yield* setup.ownPortals().pipe(as(adminActor))
        const portal = yield* demoPortal()
        expect(portals.map((p) => p.id)).toContain(portal.id)
        yield* setup.choosePortal({ portalId: portal.id, source: { _tag: "OAuth" } }).pipe(as(adminActor))
        yield* drain
        expect((yield* listAll(adminActor)).items).toHaveLength(portal.counts.projects ?? -1)

        // An hour later the access token has expired: the next pass refreshes it and goes on.
        yield* Effect.flatMap(control, (c) => Effect.promise(() => c.clockAdvance(3700)))
        const sync = yield* PortalSync
        const view = yield* Effect.flatMap(IntegrationState, (s) => s.current()).pipe(as(adminActor))
        const job = yield* sync.enqueue("reconcile", view.row?.associationId ?? "").pipe(as(adminActor))
        yield* drain
        expect((yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))).status).toBe("succeeded")
      }),
    )

    it.effect("rejects an OAuth callback whose state was not issued here", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization()
        const setup = yield* PortalSetup
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
        yield* setup.oauthStart().pipe(as(adminActor))
        const error = yield* setup
          .oauthCallback({ code: "x", state: "forged" })
          .pipe(as(adminActor), Effect.flip)
        expect(error).toMatchObject({ _tag: "CredentialRejected", field: "state" })
      }),
    )

    it.effect("creates a new portal by name and associates it", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization()
        const setup = yield* PortalSetup
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
        const key = yield* ownerKey()
        const source = { _tag: "ServiceKey" as const, email: OWNER, key }
        const name = `Fresh ${adminActor.organizationId.slice(0, 8)}`
        const created = yield* setup.createPortal({ name, source }).pipe(as(adminActor))
        expect(created.name).toBe(name)
        const saved = yield* setup.choosePortal({ portalId: created.id, source }).pipe(as(adminActor))
        yield* drain
        expect(saved.integration.portal).toEqual({ id: created.id, name })
        expect((yield* listAll(adminActor)).items).toEqual([])
        const state = yield* Effect.flatMap(control, (c) => Effect.promise(() => c.state()))
        expect(state.portals.map((p) => p.name)).toContain(name)
      }),
    )

    it.effect(
      "switches to key invalid when the key is regenerated, and catches up after the admin enters the new key",
      () =>
        Effect.gen(function* () {
          const { adminActor } = yield* newOrganization()
          const { portal } = yield* associateWithKey(adminActor)
          const before = (yield* listAll(adminActor)).items.length

          const regenerated = yield* Effect.flatMap(control, (c) =>
            Effect.promise(() => c.regenerateKey(OWNER)),
          )
          const newKey = keyOf(regenerated)
          const api = yield* projectsClient(newKey)
          const added = yield* api.createProject(portal.id, {
            name: `Added while the key was invalid ${before}`,
          })

          const current = yield* Effect.flatMap(IntegrationState, (s) => s.current()).pipe(as(adminActor))
          yield* Effect.flatMap(PortalSync, (sync) =>
            sync.enqueue("reconcile", current.row?.associationId ?? ""),
          ).pipe(as(adminActor))
          yield* drain
          const invalid = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
          expect(invalid.status).toBe("key_invalid")
          expect(invalid.message).toMatch(/administrator must update the service key/)
          const refused = yield* listAll(adminActor).pipe(Effect.flip)
          expect(refused._tag).toBe("IntegrationKeyInvalid")

          const keys = yield* ServiceKeys
          const wrong = yield* keys
            .replace({ email: OWNER, key: Redacted.make("f".repeat(32)) })
            .pipe(as(adminActor), Effect.flip)
          expect(wrong).toMatchObject({ _tag: "CredentialRejected", field: "key" })
          expect((yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))).status).toBe(
            "key_invalid",
          )

          const replaced = yield* keys.replace({ email: OWNER, key: newKey }).pipe(as(adminActor))
          expect(replaced.integration.status).toBe("active")
          yield* drain
          const after = yield* listAll(adminActor)
          expect(after.items.map((p) => p.projectsId)).toContain(added.id)
          expect(after.items).toHaveLength(before + 1)
          yield* Effect.promise(() => api.trashProject(portal.id, added.id).pipe(Effect.runPromise))
        }),
    )

    it.effect(
      "deactivation dissociates the portal without touching it, and another association starts afresh",
      () =>
        Effect.gen(function* () {
          const { adminActor, organization } = yield* newOrganization()
          const { portal } = yield* associateWithKey(adminActor)
          const before = yield* Effect.flatMap(control, (c) => Effect.promise(() => c.state()))

          const view = yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(as(adminActor))
          expect(view.status).toBe("deactivated")
          expect(view.portal).toBeNull()
          const refused = yield* listAll(adminActor).pipe(Effect.flip)
          expect(refused._tag).toBe("IntegrationStateConflict")
          const copies = yield* Effect.flatMap(Database, (db) =>
            db.execute<{ n: number }>(
              sql`select count(*)::int as n from integration_projects where organization_id = ${organization.id}::uuid`,
            ),
          )
          expect(copies).toEqual([{ n: 0 }])
          const after = yield* Effect.flatMap(control, (c) => Effect.promise(() => c.state()))
          expect(after.portals.find((p) => p.id === portal.id)?.counts.projects).toBe(
            before.portals.find((p) => p.id === portal.id)?.counts.projects,
          )

          const log = yield* Effect.flatMap(AuditLog, (a) => a.list({})).pipe(as(adminActor))
          expect(log.items.map((e) => e.action)).toEqual(
            expect.arrayContaining([
              "integration.enabled",
              "integration.portal_associated",
              "integration.deactivated",
            ]),
          )

          yield* associateWithKey(adminActor)
          expect((yield* listAll(adminActor)).items).toHaveLength(portal.counts.projects ?? -1)
        }),
    )
  },
)
