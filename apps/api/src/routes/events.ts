/**
 * Outbound events for external systems: administrators register endpoints (signed deliveries,
 * retried on the job queue), read each endpoint's delivery log and redeliver; the same events as
 * server-sent events for a console session or a token with `events:read`.
 */
import { requireAdmin } from "@app/core/crm"
import { EventEndpoints, OutboundEvent, OutboundEvents } from "@app/core/external"
import { Effect, Redacted, Schema, Stream } from "effect"
import { Hono } from "hono"
import { streamSSE } from "hono/streaming"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param, query } from "../http/validate.js"
import { IdParam, itemsOf } from "../schemas/crm.js"
import {
  CreatedEventEndpointOut,
  DeliveryPageOut,
  DeliveryQuery,
  EventEndpointBody,
  EventEndpointOut,
  EventEndpointPatchBody,
  RedeliveryOut,
  StreamQuery,
} from "../schemas/events.js"

const tags = ["events"]
const encodeEvent = Schema.encodeSync(OutboundEvent)

export const eventRoutes = new Hono<ApiEnv>()
  .get(
    "/event-endpoints",
    describe({
      summary: "The organization's event endpoints (administrators; never the secrets)",
      tags,
      responses: { 200: { description: "Endpoints, newest first", schema: itemsOf(EventEndpointOut) } },
    }),
    async (c) => {
      const items = await runEffect(
        c,
        Effect.flatMap(EventEndpoints, (e) => e.list()),
      )
      return respond(c, itemsOf(EventEndpointOut), { items })
    },
  )
  .post(
    "/event-endpoints",
    describe({
      summary: "Register an endpoint for outbound events (administrators)",
      description:
        "The response holds the signing secret; it is never shown again. Deliveries are POSTs of the event as JSON, signed in `X-CRM-Signature`.",
      tags,
      responses: { 201: { description: "Registered", schema: CreatedEventEndpointOut } },
    }),
    json(EventEndpointBody),
    async (c) => {
      const body = c.req.valid("json")
      const created = await runEffect(
        c,
        Effect.flatMap(EventEndpoints, (e) =>
          e.create({
            url: body.url,
            eventTypes: body.eventTypes ?? [],
            ...(body.description === undefined ? {} : { description: body.description }),
          }),
        ),
      )
      c.header("Cache-Control", "no-store")
      return respond(
        c,
        CreatedEventEndpointOut,
        { ...created.endpoint, secret: Redacted.value(created.secret) },
        201,
      )
    },
  )
  .patch(
    "/event-endpoints/:id",
    describe({
      summary: "Change an endpoint's URL, event types, description, or pause it (administrators)",
      tags,
      responses: { 200: { description: "The endpoint", schema: EventEndpointOut } },
    }),
    param(IdParam),
    json(EventEndpointPatchBody),
    async (c) => {
      const { id } = c.req.valid("param")
      const patch = c.req.valid("json")
      const endpoint = await runEffect(
        c,
        Effect.flatMap(EventEndpoints, (e) => e.update(id, patch)),
      )
      return respond(c, EventEndpointOut, endpoint)
    },
  )
  .delete(
    "/event-endpoints/:id",
    describe({
      summary: "Delete an endpoint and its delivery log (administrators)",
      tags,
      responses: { 204: { description: "Deleted" } },
    }),
    param(IdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      await runEffect(
        c,
        Effect.flatMap(EventEndpoints, (e) => e.delete(id)),
      )
      return c.body(null, 204)
    },
  )
  .get(
    "/event-endpoints/:id/deliveries",
    describe({
      summary:
        "The endpoint's delivery log: each event, its status and every attempt's answer (administrators)",
      tags,
      responses: { 200: { description: "A page of deliveries, newest first", schema: DeliveryPageOut } },
    }),
    param(IdParam),
    query(DeliveryQuery),
    async (c) => {
      const { id } = c.req.valid("param")
      const { cursor, limit } = c.req.valid("query")
      const page = await runEffect(
        c,
        Effect.flatMap(EventEndpoints, (e) =>
          e.deliveries(id, {
            ...(cursor === undefined ? {} : { before: cursor }),
            ...(limit === undefined ? {} : { limit }),
          }),
        ),
      )
      return respond(c, DeliveryPageOut, page)
    },
  )
  .post(
    "/event-deliveries/:id/redeliver",
    describe({
      summary: "Send one delivery again, with the same delivery id (administrators)",
      tags,
      responses: { 202: { description: "Queued", schema: RedeliveryOut } },
    }),
    param(IdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      const job = await runEffect(
        c,
        Effect.flatMap(EventEndpoints, (e) => e.redeliver(id)),
      )
      return respond(c, RedeliveryOut, { jobId: job.id }, 202)
    },
  )
  .get(
    "/events/stream",
    describe({
      summary: "Outbound events as server-sent events (administrators; tokens need `events:read`)",
      description:
        "Each message: `event` the type, `id` the event number, `data` the event JSON. Starts after the latest event, or after `?after=` / `Last-Event-ID`.",
      tags,
      responses: { 200: { description: "text/event-stream of events", contentType: "text/event-stream" } },
    }),
    query(StreamQuery),
    async (c) => {
      const lastEventId = Number(c.req.header("last-event-id"))
      const requested =
        c.req.valid("query").after ?? (Number.isSafeInteger(lastEventId) ? lastEventId : undefined)
      const { organizationId, after } = await runEffect(
        c,
        Effect.gen(function* () {
          const actor = yield* requireAdmin("follow outbound events")
          const events = yield* OutboundEvents
          const after = requested ?? (yield* events.lastSeq(actor.organizationId))
          return { organizationId: actor.organizationId, after }
        }),
      )
      return streamSSE(c, async (sse) => {
        await sse.writeSSE({ event: "ready", data: JSON.stringify({ after }) })
        await runEffect(
          c,
          Effect.flatMap(OutboundEvents, (events) =>
            events.stream(organizationId, after).pipe(
              Stream.runForEach((event) =>
                Effect.promise(() =>
                  sse.writeSSE({
                    event: event.type,
                    id: String(event.seq),
                    data: JSON.stringify(encodeEvent(event)),
                  }),
                ),
              ),
            ),
          ),
        ).catch((error: unknown) => {
          // The client hung up: the stream's fiber was interrupted with its request, as it should be.
          if (!c.req.raw.signal.aborted) throw error
        })
      })
    },
  )
