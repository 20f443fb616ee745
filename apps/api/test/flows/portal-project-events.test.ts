/**
 * Outbound events for project changes made in the portal: after the import (which publishes only
 * `sync.finished`), a reconcile that finds a project created, one renamed and one deleted in the
 * portal publishes `project.created`, `project.updated` with the changed fields and `project.deleted`,
 * each with `source: "portal"`; a reconcile that finds nothing new publishes no project event.
 */
import { IntegrationState, PortalSetup, PortalSync } from "@app/core/integration"
import { JobQueue } from "@app/core/jobs"
import { Database } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Redacted } from "effect"
import { as, drain, integrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"

layer(integrationTestLayer({ seed: 4, projects: 12 }), { timeout: 120_000, excludeTestServices: true })(
  "events of changes made in the portal",
  (it) => {
    it.effect("publishes what a reconcile found changed in the portal, as events from the portal", () =>
      Effect.gen(function* () {
        const { control, url } = yield* mock
        const state = yield* Effect.promise(() => control.state())
        const portal = state.portals[0]
        if (portal === undefined) throw new Error("seeded portal missing")
        const owner = portal.owner?.email ?? OWNER
        const { adminActor, organization } = yield* newOrganization()
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
        const key = Redacted.make((yield* Effect.promise(() => control.keys(owner))).key ?? "")
        const saved = yield* Effect.flatMap(PortalSetup, (setup) =>
          setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: owner, key } }),
        ).pipe(as(adminActor))
        yield* drain
        expect((yield* Effect.flatMap(JobQueue, (q) => q.get(saved.importJob.id))).status).toBe("succeeded")

        const events = Effect.flatMap(Database, (db) =>
          db.execute<{ type: string; data: Record<string, unknown> }>(
            sql`select type, data from outbound_events where organization_id = ${organization.id}::uuid and type like 'project.%' order by seq`,
          ),
        )
        // The import is the first copy: reported by sync.finished, not project by project.
        expect(yield* events).toEqual([])

        const token = (yield* Effect.promise(() => control.tokens(owner))).access_token
        const portalCall = (method: string, path: string, body?: unknown) =>
          Effect.promise(() =>
            fetch(`${url}/api/v3/portal/${portal.id}${path}`, {
              method,
              headers: { authorization: `Zoho-oauthtoken ${token}`, "content-type": "application/json" },
              ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            }).then(async (res) => {
              const text = await res.text()
              return {
                status: res.status,
                body: (text === "" ? {} : JSON.parse(text)) as Record<string, unknown>,
              }
            }),
          )
        const copied = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ projects_id: string; name: string }>(
            sql`select projects_id, name from integration_projects where organization_id = ${organization.id}::uuid order by projects_id`,
          ),
        )
        const [renamed, deleted] = copied
        if (renamed === undefined || deleted === undefined) throw new Error("too few projects copied")
        // The portal's clock moves on, so the changes are newer than the copy.
        yield* Effect.promise(() => control.clockAdvance(60))
        const created = yield* portalCall("POST", "/projects", { name: "Made in the portal" })
        expect(created.status).toBe(201)
        expect(
          (yield* portalCall("PATCH", `/projects/${renamed.projects_id}`, { name: "Renamed in the portal" }))
            .status,
        ).toBe(200)
        expect((yield* portalCall("POST", `/projects/${deleted.projects_id}/trash`)).status).toBeLessThan(300)

        const association = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ id: string }>(
            sql`select association_id as id from integrations where organization_id = ${organization.id}::uuid`,
          ),
        )
        const reconcile = () =>
          Effect.gen(function* () {
            const job = yield* Effect.flatMap(PortalSync, (p) =>
              p.enqueue("reconcile", association[0]?.id ?? ""),
            ).pipe(as(adminActor))
            yield* drain
            expect((yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))).status).toBe("succeeded")
          })
        yield* reconcile()
        const found = (yield* events).map(({ type, data }) => {
          const project = data.project as { projectsId: string; name: string }
          return {
            type,
            source: data.source,
            projectsId: project.projectsId,
            name: project.name,
            ...(data.changedFields === undefined ? {} : { changedFields: data.changedFields }),
          }
        })
        expect(found).toEqual(
          expect.arrayContaining([
            {
              type: "project.created",
              source: "portal",
              projectsId: String(created.body.id),
              name: "Made in the portal",
            },
            {
              type: "project.updated",
              source: "portal",
              projectsId: renamed.projects_id,
              name: "Renamed in the portal",
              changedFields: ["name"],
            },
            {
              type: "project.deleted",
              source: "portal",
              projectsId: deleted.projects_id,
              name: deleted.name,
            },
          ]),
        )
        expect(found).toHaveLength(3)

        // Nothing new in the portal: no project event.
        yield* reconcile()
        expect(yield* events).toHaveLength(3)
      }),
    )
  },
)
