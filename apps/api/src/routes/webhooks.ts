/**
 * Inbound project events from the portal (SPEC §4.2). Authenticated by the HMAC signature of the raw
 * body, not by a session or token: the body is read as text and verified before it is parsed.
 */
import { SyncRunRecorder, WebhookInbox } from "@app/core/integration"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runPublic } from "../http/run-effect.js"

const DeliveryOut = Schema.Struct({
  applied: Schema.Boolean,
  reason: Schema.Literal("upserted", "deleted", "duplicate", "superseded"),
})

export const webhookRoutes = new Hono<ApiEnv>().post(
  "/webhooks/projects",
  describe({
    summary:
      "Receive a signed project event from the portal (X-Projects-Signature: sha256=<HMAC of the raw body>)",
    description:
      "Deliveries are applied once (dedupe on the event id) in any order; a bad signature is refused with 401.",
    tags: ["webhooks"],
    public: true,
    responses: { 200: { description: "Whether the delivery changed the CRM's copy", schema: DeliveryOut } },
  }),
  async (c) => {
    const rawBody = await c.req.text()
    const webhookId = c.req.header("x-projects-webhook-id")
    const result = await runPublic(
      c,
      Effect.gen(function* () {
        const inbox = yield* WebhookInbox
        const recorder = yield* SyncRunRecorder
        // Each applied delivery belongs to the organization's current webhook batch (a sync run).
        return yield* recorder.recordWebhook(
          webhookId,
          inbox.receive({ webhookId, signature: c.req.header("x-projects-signature"), rawBody }),
        )
      }),
    )
    return respond(c, DeliveryOut, result)
  },
)
