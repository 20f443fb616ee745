import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Layer } from "effect"
import { newOrganization, TestDatabase, TestSecrets } from "../../../test/index.js"
import { actingAs } from "../../crm/actor.js"
import { Organizations } from "../../crm/organizations.js"
import { UserChanges } from "../../crm/user-changes.js"
import { JobQueue } from "../../jobs/index.js"
import { Database, tables } from "../../persistence/index.js"
import { IntegrationConfig } from "../integration-config.js"
import { SyncHealth } from "./sync-health.js"
import { SyncRunRecorder } from "./sync-run-recorder.js"
import { SyncRuns } from "./sync-runs.js"

const TestLayer = Layer.mergeAll(SyncHealth.Default, Organizations.Default).pipe(
  Layer.provideMerge(SyncRuns.Default),
  Layer.provideMerge(SyncRunRecorder.Default),
  Layer.provideMerge(JobQueue.Default),
  Layer.provideMerge(
    Layer.succeed(
      IntegrationConfig,
      IntegrationConfig.with({ publicUrl: "http://127.0.0.1:9", reconcileEvery: Duration.minutes(15) }),
    ),
  ),
  Layer.provideMerge(UserChanges.Default),
  Layer.provideMerge(TestSecrets),
  Layer.provideMerge(TestDatabase),
)

describe("a pass's run", () => {
  it.layer(TestLayer)((it) => {
    it.effect("keeps the items the database refused, with why, and the health lists them", () =>
      Effect.gen(function* () {
        const { organization, adminActor } = yield* newOrganization()
        yield* Effect.flatMap(Database, (db) =>
          db.use((d) =>
            d.insert(tables.integrations).values({
              organizationId: organization.id,
              status: "active",
              portalId: "6001",
              webhookId: `wh-${organization.id}`,
            }),
          ),
        )
        const job = yield* Effect.flatMap(JobQueue, (q) =>
          q.enqueue({ kind: "integration.sync", organizationId: organization.id, payload: null }),
        )
        const recorder = yield* SyncRunRecorder
        const run = yield* recorder.openForJob({
          organizationId: organization.id,
          jobId: job.id,
          trigger: "reconcile",
          userId: adminActor.userId,
          label: "schedule",
        })
        // What a pass returns when a page held an object PostgreSQL would not take (see 0009).
        const counts = yield* recorder.closeForJob(run.id, organization.id, {
          failed: {
            count: 1,
            items: [{ list: "projects", id: "1800000000999", reason: "database error 22021" }],
          },
        })
        expect(counts).toEqual({ created: 0, updated: 0, removed: 0, unchanged: 0, failed: 1 })
        const items = yield* Effect.flatMap(SyncRuns, (r) => r.items(run.id, { outcome: "failed" })).pipe(
          actingAs(adminActor),
        )
        expect(items.items.map((i) => [i.entity, i.key, i.reason])).toEqual([
          ["project", "1800000000999", "database error 22021"],
        ])
        const health = yield* Effect.flatMap(SyncHealth, (h) => h.forOrganization()).pipe(
          actingAs(adminActor),
        )
        expect(health.lastPass).toMatchObject({ id: run.id, status: "succeeded", counts: { failed: 1 } })
        expect(health.failing.map((i) => i.key)).toEqual(["1800000000999"])
        expect(health.webhook).toEqual({ subscribed: true, lastDeliveryAt: null })
        expect(health.reconcileEveryMinutes).toBe(15)
        const started = Date.parse(health.lastPass?.startedAt ?? "")
        expect(Date.parse(health.nextReconcileAt ?? "")).toBe(started + 15 * 60_000)
        // Opening the run of the same job again (a resumed attempt) finds the same run.
        const again = yield* recorder.openForJob({
          organizationId: organization.id,
          jobId: job.id,
          trigger: "reconcile",
          userId: adminActor.userId,
          label: "schedule",
        })
        expect(again.id).toBe(run.id)
      }),
    )
  })
})
