import { createHmac } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { asc, eq } from "drizzle-orm"
import { Effect, Layer, Redacted } from "effect"
import { newOrganization, TestDatabase, TestSecrets } from "../../../test/index.js"
import { Organizations } from "../../crm/organizations.js"
import { UserChanges } from "../../crm/user-changes.js"
import { Database, tables } from "../../persistence/index.js"
import { Secrets } from "../../secrets/index.js"
import { PortalCopy } from "./portal-copy.js"
import { PortalProjectEvents } from "./portal-project-events.js"
import { WebhookInbox, webhookSecretContext } from "./webhook-inbox.js"

const TestLayer = Layer.mergeAll(WebhookInbox.Default, Organizations.Default).pipe(
  Layer.provideMerge(PortalCopy.Default),
  Layer.provideMerge(PortalProjectEvents.Default),
  Layer.provideMerge(UserChanges.Default),
  Layer.provideMerge(TestSecrets),
  Layer.provideMerge(TestDatabase),
)

const SECRET = "whsec_0123456789abcdef0123"

/** An active integration bound to portal 6001 with a webhook subscription. */
const subscribed = Effect.gen(function* () {
  const { organization } = yield* newOrganization()
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
  return { organizationId: organization.id, webhookId }
})

let sequence = 0
const delivery = (
  webhookId: string,
  event: string,
  project: Record<string, unknown>,
  seq = ++sequence,
  id = `evt_${seq}`,
) => {
  const rawBody = JSON.stringify({ id, event, portal_id: "6001", sequence: seq, data: { project } })
  return {
    webhookId,
    rawBody,
    signature: `sha256=${createHmac("sha256", SECRET).update(rawBody).digest("hex")}`,
  }
}

const names = (organizationId: string) =>
  Effect.flatMap(Database, (db) =>
    db.use((d) =>
      d
        .select({ name: tables.integrationProjects.name })
        .from(tables.integrationProjects)
        .where(eq(tables.integrationProjects.organizationId, organizationId)),
    ),
  ).pipe(Effect.map((rows) => rows.map((r) => r.name).sort()))

const project = (id: string, name: string, modified: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  modified_time: modified,
  ...extra,
})

/** The outbound events of the organization, oldest first: type, source and what they say. */
const eventsOf = (organizationId: string) =>
  Effect.flatMap(Database, (db) =>
    db.use((d) =>
      d
        .select({ type: tables.outboundEvents.type, data: tables.outboundEvents.data })
        .from(tables.outboundEvents)
        .where(eq(tables.outboundEvents.organizationId, organizationId))
        .orderBy(asc(tables.outboundEvents.seq)),
    ),
  ).pipe(
    Effect.map((rows) =>
      rows.map((row) => {
        const data = row.data as {
          source?: string
          changedFields?: Array<string>
          project: { projectsId: string; name: string }
        }
        return {
          type: row.type,
          source: data.source,
          projectsId: data.project.projectsId,
          name: data.project.name,
          ...(data.changedFields === undefined ? {} : { changedFields: data.changedFields }),
        }
      }),
    ),
  )

describe("WebhookInbox", () => {
  it.layer(TestLayer)((it) => {
    it.effect("applies a signed project event to the copy", () =>
      Effect.gen(function* () {
        const { organizationId, webhookId } = yield* subscribed
        const inbox = yield* WebhookInbox
        const result = yield* inbox.receive(
          delivery(webhookId, "project.created", project("1", "Launch", "2025-05-01T00:00:00.000Z")),
        )
        expect(result).toEqual({ applied: true, reason: "upserted" })
        expect(yield* names(organizationId)).toEqual(["Launch"])
      }),
    )

    it.effect("refuses a delivery whose signature does not match the raw body, changing nothing", () =>
      Effect.gen(function* () {
        const { organizationId, webhookId } = yield* subscribed
        const inbox = yield* WebhookInbox
        const signed = delivery(
          webhookId,
          "project.created",
          project("1", "Launch", "2025-05-01T00:00:00.000Z"),
        )
        const tampered = { ...signed, rawBody: signed.rawBody.replace("Launch", "Hacked") }
        const error = yield* inbox.receive(tampered).pipe(Effect.flip)
        expect(error).toMatchObject({ _tag: "WebhookRejected", reason: "bad-signature" })
        const unsigned = yield* inbox.receive({ ...signed, signature: undefined }).pipe(Effect.flip)
        expect(unsigned).toMatchObject({ _tag: "WebhookRejected", reason: "bad-signature" })
        const unknown = yield* inbox.receive({ ...signed, webhookId: "nope" }).pipe(Effect.flip)
        expect(unknown).toMatchObject({ _tag: "WebhookRejected", reason: "unknown-subscription" })
        expect(yield* names(organizationId)).toEqual([])
      }),
    )

    it.effect("applies a delivery received twice once", () =>
      Effect.gen(function* () {
        const { webhookId } = yield* subscribed
        const inbox = yield* WebhookInbox
        const twice = delivery(
          webhookId,
          "project.created",
          project("1", "Launch", "2025-05-01T00:00:00.000Z"),
        )
        expect((yield* inbox.receive(twice)).applied).toBe(true)
        expect(yield* inbox.receive(twice)).toEqual({ applied: false, reason: "duplicate" })
      }),
    )

    it.effect(
      "publishes an event for each project the portal created, changed or deleted, and none for an echo",
      () =>
        Effect.gen(function* () {
          const { organizationId, webhookId } = yield* subscribed
          const inbox = yield* WebhookInbox
          const at = (day: number) => `2025-05-0${day}T00:00:00.000Z`
          yield* inbox.receive(delivery(webhookId, "project.created", project("7", "Launch", at(1))))
          // The same copy again (as the portal echoes a write made through the CRM): no event.
          yield* inbox.receive(delivery(webhookId, "project.updated", project("7", "Launch", at(1))))
          yield* inbox.receive(
            delivery(webhookId, "project.updated", project("7", "Launch 2", at(2), { description: "Now" })),
          )
          yield* inbox.receive(delivery(webhookId, "project.deleted", project("7", "Launch 2", at(3))))
          // A deletion of a project the copy does not hold (already removed): no event.
          yield* inbox.receive(delivery(webhookId, "project.deleted", project("8", "Never copied", at(3))))
          expect(yield* eventsOf(organizationId)).toEqual([
            { type: "project.created", source: "portal", projectsId: "7", name: "Launch" },
            {
              type: "project.updated",
              source: "portal",
              projectsId: "7",
              name: "Launch 2",
              changedFields: ["name", "description"],
            },
            { type: "project.deleted", source: "portal", projectsId: "7", name: "Launch 2" },
          ])
        }),
    )

    it.effect("ends in the same state when events arrive out of order", () =>
      Effect.gen(function* () {
        const { organizationId, webhookId } = yield* subscribed
        const inbox = yield* WebhookInbox
        const created = delivery(webhookId, "project.created", project("1", "v1", "2025-05-01T00:00:00.000Z"))
        const renamed = delivery(webhookId, "project.updated", project("1", "v2", "2025-05-02T00:00:00.000Z"))
        const other = delivery(webhookId, "project.created", project("2", "kept", "2025-05-01T00:00:00.000Z"))
        const deleted = delivery(webhookId, "project.deleted", project("1", "v2", "2025-05-02T00:00:00.000Z"))
        for (const d of [deleted, renamed, other, created]) yield* inbox.receive(d)
        expect(yield* names(organizationId)).toEqual(["kept"])
      }),
    )
  })
})
