import { createHmac } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Layer, Redacted } from "effect"
import { newOrganization, TestDatabase, TestSecrets } from "../../../test/index.js"
import { actingAs } from "../../crm/actor.js"
import { Organizations } from "../../crm/organizations.js"
import { UserChanges } from "../../crm/user-changes.js"
import { Database, tables } from "../../persistence/index.js"
import { Secrets } from "../../secrets/index.js"
import { PortalCopy } from "../sync/portal-copy.js"
import { PortalProjectEvents } from "../sync/portal-project-events.js"
import { WebhookInbox, webhookSecretContext } from "../sync/webhook-inbox.js"
import { SyncRunRecorder } from "./sync-run-recorder.js"
import { SyncRuns } from "./sync-runs.js"

const TestLayer = Layer.mergeAll(WebhookInbox.Default, Organizations.Default, SyncRuns.Default).pipe(
  Layer.provideMerge(SyncRunRecorder.Default),
  Layer.provideMerge(PortalCopy.Default),
  Layer.provideMerge(PortalProjectEvents.Default),
  Layer.provideMerge(UserChanges.Default),
  Layer.provideMerge(TestSecrets),
  Layer.provideMerge(TestDatabase),
)

const SECRET = "whsec_0123456789abcdef0123"

const subscribed = Effect.gen(function* () {
  const { organization, adminActor } = yield* newOrganization()
  const secrets = yield* Secrets
  const webhookId = `wh-${organization.id}`
  const sealed = yield* secrets.encrypt(Redacted.make(SECRET), webhookSecretContext(organization.id))
  yield* Effect.flatMap(Database, (db) =>
    db.use((d) =>
      d.insert(tables.integrations).values({
        organizationId: organization.id,
        status: "active",
        portalId: "6001",
        portalName: "zylker",
        webhookId,
        webhookSecret: sealed,
      }),
    ),
  )
  return { organizationId: organization.id, webhookId, adminActor }
})

let sequence = 0
const delivery = (webhookId: string, event: string, project: Record<string, unknown>) => {
  const seq = ++sequence
  const rawBody = JSON.stringify({
    id: `evt_${seq}`,
    event,
    portal_id: "6001",
    sequence: seq,
    data: { project },
  })
  return {
    webhookId,
    rawBody,
    signature: `sha256=${createHmac("sha256", SECRET).update(rawBody).digest("hex")}`,
  }
}

/** A delivery as the webhook route applies it: inside the organization's current batch. */
const receive = (d: ReturnType<typeof delivery>) =>
  Effect.gen(function* () {
    const inbox = yield* WebhookInbox
    const recorder = yield* SyncRunRecorder
    return yield* recorder.recordWebhook(d.webhookId, inbox.receive(d))
  })

describe("webhook batches as sync runs", () => {
  it.layer(TestLayer)((it) => {
    it.effect("groups deliveries into one run with each change field by field", () =>
      Effect.gen(function* () {
        const { webhookId, adminActor } = yield* subscribed
        yield* receive(
          delivery(webhookId, "project.created", {
            id: "1",
            name: "Launch",
            modified_time: "2025-05-01T00:00:00.000Z",
          }),
        )
        yield* receive(
          delivery(webhookId, "project.updated", {
            id: "1",
            name: "Launch v2",
            modified_time: "2025-05-02T00:00:00.000Z",
          }),
        )
        yield* receive(
          delivery(webhookId, "project.created", {
            id: "2",
            name: "Other",
            modified_time: "2025-05-01T00:00:00.000Z",
          }),
        )
        yield* receive(delivery(webhookId, "project.deleted", { id: "2", name: "Other" }))
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(actingAs(adminActor))
        expect(runs.items).toHaveLength(1)
        const run = runs.items[0]
        expect(run).toMatchObject({
          trigger: "webhook",
          status: "succeeded",
          jobId: null,
          startedBy: { userId: null, label: "portal webhook" },
          counts: { created: 2, updated: 1, removed: 1, failed: 0, unchanged: 0 },
        })
        const items = yield* Effect.flatMap(SyncRuns, (r) => r.items(run?.id ?? "", {})).pipe(
          actingAs(adminActor),
        )
        expect(items.items.map((i) => [i.key, i.outcome, i.changes])).toEqual([
          ["1", "created", []],
          ["1", "updated", [{ field: "name", before: "Launch", after: "Launch v2" }]],
          ["2", "created", []],
          ["2", "removed", []],
        ])
      }),
    )

    it.effect("leaves no run for a refused delivery, and counts a duplicate as unchanged", () =>
      Effect.gen(function* () {
        const { webhookId, adminActor } = yield* subscribed
        const signed = delivery(webhookId, "project.created", { id: "1", name: "Launch" })
        const refused = yield* receive({ ...signed, signature: "sha256=00" }).pipe(Effect.flip)
        expect(refused._tag).toBe("WebhookRejected")
        const none = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(actingAs(adminActor))
        expect(none.items).toEqual([])
        yield* receive(signed)
        yield* receive(signed)
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(actingAs(adminActor))
        expect(runs.items[0]?.counts).toEqual({ created: 1, updated: 0, removed: 0, unchanged: 1, failed: 0 })
      }),
    )

    it.effect("starts a new batch when the last delivery is more than a minute old", () =>
      Effect.gen(function* () {
        const { organizationId, webhookId, adminActor } = yield* subscribed
        yield* receive(delivery(webhookId, "project.created", { id: "1", name: "Launch" }))
        const db = yield* Database
        yield* db.execute(
          sql`update sync_runs set started_at = started_at - interval '2 minutes', ended_at = ended_at - interval '2 minutes' where organization_id = ${organizationId}::uuid`,
        )
        yield* receive(delivery(webhookId, "project.created", { id: "2", name: "Next" }))
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(actingAs(adminActor))
        expect(runs.items.map((r) => r.counts.created)).toEqual([1, 1])
      }),
    )

    it.effect("refuses the runs to a user who is not an administrator", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* subscribed
        const error = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(
          actingAs({ ...adminActor, isAdmin: false }),
          Effect.flip,
        )
        expect(error._tag).toBe("NotAdministrator")
      }),
    )
  })
})
