/**
 * Text PostgreSQL refuses, from the portal: a project name with U+0000 and a description with an
 * unpaired surrogate are accepted by the portal, and must never stop a sync.
 */
import { IntegrationState, PortalSetup } from "@app/core/integration"
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
  },
)
