/**
 * Text PostgreSQL refuses, from the portal: a project name with U+0000 and a description with an
 * unpaired surrogate are accepted by the portal, and must never stop a sync. A value the database
 * still refuses fails that item only: the pass goes on, and the integration status names the item.
 */

import type { Actor } from "@app/core/crm"
import { IntegrationState, PortalSetup, PortalSync } from "@app/core/integration"
import { JobQueue } from "@app/core/jobs"
import { Database } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Redacted } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"

layer(IntegrationTestLayer, { timeout: 120_000, excludeTestServices: true })(
  "text the database refuses",
  (it) => {
    it.effect("imports a portal whose project names hold U+0000 and unpaired surrogates, cleaned", () =>
      Effect.gen(function* () {
        const { control, url } = yield* mock
        const state = yield* Effect.promise(() => control.state())
        const portal = state.portals[0]
        if (portal === undefined) throw new Error("demo portal missing")
        const token = (yield* Effect.promise(() => control.tokens(OWNER))).access_token
        const created = yield* Effect.promise(() =>
          fetch(`${url}/api/v3/portal/${portal.id}/projects`, {
            method: "POST",
            headers: { authorization: `Zoho-oauthtoken ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ name: "Web\u0000site launch", description: "Phase \ud800one" }),
          }).then((res) => res.json() as Promise<{ id: string; name: string }>),
        )
        expect(created.name).toBe("Web\u0000site launch")

        const { adminActor, organization } = yield* newOrganization()
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
        const key = Redacted.make((yield* Effect.promise(() => control.keys(OWNER))).key ?? "")
        const saved = yield* Effect.flatMap(PortalSetup, (setup) =>
          setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } }),
        ).pipe(as(adminActor))
        yield* drain
        const job = yield* Effect.flatMap(JobQueue, (q) => q.get(saved.importJob.id))
        expect(job.status).toBe("succeeded")
        expect(job.result).toMatchObject({ failed: { count: 0, items: [] } })
        const rows = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ name: string; description: string }>(
            sql`select name, data->>'description' as description from integration_projects where organization_id = ${organization.id}::uuid and projects_id = ${created.id}`,
          ),
        )
        expect(rows).toEqual([{ name: "Website launch", description: "Phase \ufffdone" }])
      }),
    )

    it.effect(
      "goes on past a project the database refuses, and the integration status names it and why",
      () =>
        Effect.gen(function* () {
          const handle = yield* mock
          const { control, url } = handle
          const portal = (yield* Effect.promise(() => control.state())).portals[0]
          if (portal === undefined) throw new Error("demo portal missing")
          const token = (yield* Effect.promise(() => control.tokens(OWNER))).access_token
          const created = yield* Effect.promise(() =>
            fetch(`${url}/api/v3/portal/${portal.id}/projects`, {
              method: "POST",
              headers: { authorization: `Zoho-oauthtoken ${token}`, "content-type": "application/json" },
              body: JSON.stringify({ name: "Ancient history" }),
            }).then((res) => res.json() as Promise<{ id: string }>),
          )
          // A modification time PostgreSQL cannot read (a year before 4713 BC): the portal sends it as
          // it is, and the database refuses that one project.
          const stored = handle.registry.get().state.portals.get(portal.id)?.projects.get(created.id)
          if (stored === undefined) throw new Error("created project missing from the mock")
          stored.modifiedTime = Date.UTC(-10_000, 0, 1)

          const { adminActor, organization } = yield* newOrganization()
          yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
          const key = Redacted.make((yield* Effect.promise(() => control.keys(OWNER))).key ?? "")
          const saved = yield* Effect.flatMap(PortalSetup, (setup) =>
            setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } }),
          ).pipe(as(adminActor))
          yield* drain
          const job = yield* Effect.flatMap(JobQueue, (q) => q.get(saved.importJob.id))
          expect(job.status).toBe("succeeded")
          expect(job.result).toMatchObject({
            failed: { count: 1, items: [{ list: "projects", id: created.id, name: "Ancient history" }] },
          })
          // Every other project of the portal is in the CRM.
          const names = yield* Effect.flatMap(Database, (db) =>
            db.execute<{ n: number }>(
              sql`select count(*)::int as n from integration_projects where organization_id = ${organization.id}::uuid`,
            ),
          )
          const inPortal = (yield* Effect.promise(() => control.state())).portals[0]?.counts.projects ?? 0
          expect(names[0]?.n).toBe(inPortal - 1)

          const shown = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
          expect(shown.syncFailures).toEqual({
            at: expect.any(String),
            count: 1,
            items: [
              {
                list: "projects",
                id: created.id,
                name: "Ancient history",
                reason: "invalid_value",
                sqlstate: expect.stringMatching(/^22/),
              },
            ],
          })
          // The failed items name the portal's data: administrators only.
          const standard: Actor = { ...adminActor, isAdmin: false }
          const forStandard = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(standard))
          expect(forStandard.syncFailures).toBeNull()

          // Once the portal's value is readable again, the next pass copies it and the list is empty.
          stored.modifiedTime = Date.now()
          const association = yield* Effect.flatMap(Database, (db) =>
            db.execute<{ id: string }>(
              sql`select association_id as id from integrations where organization_id = ${organization.id}::uuid`,
            ),
          )
          const sync = yield* Effect.flatMap(PortalSync, (p) =>
            p.enqueue("reconcile", association[0]?.id ?? ""),
          ).pipe(as(adminActor))
          yield* drain
          expect((yield* Effect.flatMap(JobQueue, (q) => q.get(sync.id))).status).toBe("succeeded")
          const after = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
          expect(after.syncFailures).toMatchObject({ count: 0, items: [] })
        }),
    )
  },
)
