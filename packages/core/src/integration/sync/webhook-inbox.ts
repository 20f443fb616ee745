/**
 * Inbound webhooks from the portal (SPEC §4.2 "kept in sync", projects-api §8): the signature is
 * checked on the raw bytes before anything is parsed, each delivery is applied once (dedupe on the
 * event id), and order does not matter (newer copies win; a deletion is not undone by a late update).
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { and, eq, gt } from "drizzle-orm"
import { Clock, Effect, Redacted, Schema } from "effect"
import { OrganizationId } from "../../crm/model.js"
import { Database, storableJsonText, tables } from "../../persistence/index.js"
import { Secrets } from "../../secrets/index.js"
import { PortalCopy } from "./portal-copy.js"
import { PortalProjectEvents } from "./portal-project-events.js"

export const WebhookEvent = Schema.Struct({
  id: Schema.String,
  event: Schema.Literal("project.created", "project.updated", "project.deleted"),
  portal_id: Schema.String,
  occurred_at: Schema.optional(Schema.String),
  sequence: Schema.optional(Schema.Number),
  data: Schema.Struct({
    project: Schema.Struct(
      { id: Schema.String, name: Schema.String },
      { key: Schema.String, value: Schema.Unknown },
    ),
  }),
})
export type WebhookEvent = typeof WebhookEvent.Type

/** Unknown subscription, bad or missing signature: answered 401 and nothing is read further. */
export class WebhookRejected extends Schema.TaggedError<WebhookRejected>()("WebhookRejected", {
  reason: Schema.Literal("unknown-subscription", "bad-signature", "wrong-portal"),
}) {
  override get message() {
    return `webhook delivery rejected: ${this.reason}`
  }
}

export class WebhookPayloadInvalid extends Schema.TaggedError<WebhookPayloadInvalid>()(
  "WebhookPayloadInvalid",
  {
    detail: Schema.String,
  },
) {
  override get message() {
    return `webhook payload invalid: ${this.detail}`
  }
}

export const webhookSecretContext = (organizationId: string) => `integration-webhook-secret:${organizationId}`

/** `sha256=<lowercase hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export const signatureMatches = (secret: string, rawBody: string, header: string | undefined) => {
  if (header === undefined || !header.startsWith("sha256=")) return false
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody, "utf8").digest("hex"), "utf8")
  const given = Buffer.from(header.slice("sha256=".length).trim().toLowerCase(), "utf8")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export class WebhookInbox extends Effect.Service<WebhookInbox>()("@app/core/integration/WebhookInbox", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const secrets = yield* Secrets
    const copy = yield* PortalCopy
    const projectEvents = yield* PortalProjectEvents

    const deletedAfter = (organizationId: OrganizationId, projectsId: string, sequence: number) =>
      database
        .use((db) =>
          db
            .select({ eventId: tables.integrationWebhookEvents.eventId })
            .from(tables.integrationWebhookEvents)
            .where(
              and(
                eq(tables.integrationWebhookEvents.organizationId, organizationId),
                eq(tables.integrationWebhookEvents.projectsId, projectsId),
                eq(tables.integrationWebhookEvents.event, "project.deleted"),
                gt(tables.integrationWebhookEvents.sequence, sequence),
              ),
            )
            .limit(1),
        )
        .pipe(Effect.map((rows) => rows.length > 0))

    /** Verifies, dedupes and applies one delivery. Returns whether it changed the copy. */
    const receive = Effect.fn("WebhookInbox.receive")(function* (delivery: {
      readonly webhookId: string | undefined
      readonly signature: string | undefined
      readonly rawBody: string
    }) {
      const webhookId = delivery.webhookId
      if (webhookId === undefined) return yield* new WebhookRejected({ reason: "unknown-subscription" })
      const [integration] = yield* database.use((db) =>
        db.select().from(tables.integrations).where(eq(tables.integrations.webhookId, webhookId)),
      )
      if (!integration?.webhookSecret || integration.status === "deactivated") {
        return yield* new WebhookRejected({ reason: "unknown-subscription" })
      }
      const organizationId = OrganizationId.make(integration.organizationId)
      const secret = yield* secrets
        .decrypt(integration.webhookSecret, webhookSecretContext(organizationId))
        .pipe(Effect.mapError(() => new WebhookRejected({ reason: "bad-signature" })))
      if (!signatureMatches(Redacted.value(secret), delivery.rawBody, delivery.signature)) {
        return yield* new WebhookRejected({ reason: "bad-signature" })
      }
      // Signed as sent; stored cleaned (no NUL, no unpaired surrogate), like every page of the portal.
      const event = yield* Schema.decodeUnknown(Schema.parseJson(WebhookEvent))(
        storableJsonText(delivery.rawBody),
      ).pipe(Effect.mapError((error) => new WebhookPayloadInvalid({ detail: error.message.slice(0, 500) })))
      if (event.portal_id !== integration.portalId)
        return yield* new WebhookRejected({ reason: "wrong-portal" })

      const project = event.data.project
      const sequence = event.sequence ?? null
      return yield* database.transaction(
        Effect.gen(function* () {
          const inserted = yield* database.use((db) =>
            db
              .insert(tables.integrationWebhookEvents)
              .values({
                organizationId,
                eventId: event.id,
                event: event.event,
                projectsId: project.id,
                sequence,
              })
              .onConflictDoNothing()
              .returning({ eventId: tables.integrationWebhookEvents.eventId }),
          )
          if (inserted.length === 0) return { applied: false, reason: "duplicate" as const }
          if (event.event === "project.deleted") {
            const removed = yield* copy.removeProject(organizationId, project.id)
            if (removed !== undefined) yield* projectEvents.deleted(organizationId, [removed])
            return { applied: true, reason: "deleted" as const }
          }
          if (sequence !== null && (yield* deletedAfter(organizationId, project.id, sequence))) {
            return { applied: false, reason: "superseded" as const }
          }
          const now = yield* Clock.currentTimeMillis
          yield* projectEvents.around(
            organizationId,
            [project.id],
            copy.upsertProjects(organizationId, JSON.stringify([project]), new Date(now)),
          )
          yield* database.use((db) =>
            db
              .update(tables.integrations)
              .set({ lastSyncedAt: new Date(now) })
              .where(eq(tables.integrations.organizationId, organizationId)),
          )
          return { applied: true, reason: "upserted" as const }
        }),
      )
    })

    return { receive } as const
  }),
}) {}
