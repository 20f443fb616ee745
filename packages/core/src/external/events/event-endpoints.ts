/**
 * Event endpoints, managed by administrators: register a URL for some (or every) event type, read
 * the delivery log with each attempt's answer, redeliver one delivery. The signing secret is sealed
 * at rest and shown once, at registration.
 */
import { randomUUID } from "node:crypto"
import { and, desc, eq, lt, or } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { newSecret } from "../../crm/credentials.js"
import { Database } from "../../persistence/database.js"
import { eventDeliveries, eventEndpoints, outboundEvents } from "../../persistence/tables/index.js"
import { Secrets } from "../../secrets/index.js"
import { EventDeliveryNotFound, EventEndpointInvalid, EventEndpointNotFound } from "../errors.js"
import { EndpointAddresses, type EndpointAddressPolicy, refuseHost } from "./endpoint-addresses.js"
import type { EventType } from "./model.js"
import { OutboundEvents, toOutboundEvent } from "./outbound-events.js"

export const ENDPOINT_SECRET_PREFIX = "whsec_"

export interface NewEventEndpoint {
  readonly url: string
  readonly eventTypes: ReadonlyArray<EventType>
  readonly description?: string
}

export interface EventEndpointPatch {
  readonly url?: string
  readonly eventTypes?: ReadonlyArray<EventType>
  readonly description?: string
  readonly enabled?: boolean
}

type EndpointRow = typeof eventEndpoints.$inferSelect
type DeliveryRow = typeof eventDeliveries.$inferSelect

const toEndpoint = (row: EndpointRow) => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes as ReadonlyArray<EventType>,
  enabled: row.enabled,
  createdAt: row.createdAt,
})
export type EventEndpoint = ReturnType<typeof toEndpoint>

const toDelivery = (row: DeliveryRow, event: typeof outboundEvents.$inferSelect) => ({
  id: row.id,
  endpointId: row.endpointId,
  status: row.status,
  event: toOutboundEvent(event),
  attempts: row.attempts,
  createdAt: row.createdAt,
  deliveredAt: row.deliveredAt,
})
export type EventDelivery = ReturnType<typeof toDelivery>

export const secretContext = (endpointId: string) => `event-endpoint:${endpointId}`

const checkUrl = (url: string, policy: EndpointAddressPolicy) =>
  Effect.gen(function* () {
    const parsed = URL.canParse(url) ? new URL(url) : undefined
    if (parsed === undefined || (parsed.protocol !== "https:" && parsed.protocol !== "http:"))
      return yield* new EventEndpointInvalid({ field: "url", reason: "an absolute http(s) URL" })
    if (parsed.username !== "" || parsed.password !== "")
      return yield* new EventEndpointInvalid({ field: "url", reason: "no credentials in the URL" })
    const refused = yield* Effect.promise(() => refuseHost(policy, parsed.hostname))
    if (refused !== undefined) return yield* new EventEndpointInvalid({ field: "url", reason: refused })
    return parsed.href
  })

export class EventEndpoints extends Effect.Service<EventEndpoints>()("@app/core/external/EventEndpoints", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const secrets = yield* Secrets
    const events = yield* OutboundEvents
    const addresses = yield* EndpointAddresses

    const find = (organizationId: string, id: string) =>
      Effect.gen(function* () {
        const [row] = yield* database.use((db) =>
          db
            .select()
            .from(eventEndpoints)
            .where(and(eq(eventEndpoints.organizationId, organizationId), eq(eventEndpoints.id, id))),
        )
        if (row === undefined) return yield* new EventEndpointNotFound({ endpointId: id })
        return row
      })

    const create = Effect.fn("EventEndpoints.create")(function* (input: NewEventEndpoint) {
      const actor = yield* requireAdmin("register an event endpoint")
      const url = yield* checkUrl(input.url, addresses)
      const id = randomUUID()
      const secret = yield* newSecret(ENDPOINT_SECRET_PREFIX)
      const secretSealed = yield* secrets.encrypt(secret, secretContext(id))
      const createdAt = new Date(yield* Clock.currentTimeMillis)
      const [row] = yield* database.use((db) =>
        db
          .insert(eventEndpoints)
          .values({
            id,
            organizationId: actor.organizationId,
            url,
            description: input.description?.trim() ?? "",
            eventTypes: [...new Set(input.eventTypes)],
            secretSealed,
            createdAt,
          })
          .returning(),
      )
      if (row === undefined) return yield* Effect.dieMessage("insert into event_endpoints returned no row")
      return { endpoint: toEndpoint(row), secret } as const
    })

    const list = Effect.fn("EventEndpoints.list")(function* () {
      const actor = yield* requireAdmin("list event endpoints")
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(eventEndpoints)
          .where(eq(eventEndpoints.organizationId, actor.organizationId))
          .orderBy(desc(eventEndpoints.createdAt), desc(eventEndpoints.id)),
      )
      return rows.map(toEndpoint)
    })

    const update = Effect.fn("EventEndpoints.update")(function* (id: string, patch: EventEndpointPatch) {
      const actor = yield* requireAdmin("change an event endpoint")
      yield* find(actor.organizationId, id)
      const url = patch.url === undefined ? undefined : yield* checkUrl(patch.url, addresses)
      const [row] = yield* database.use((db) =>
        db
          .update(eventEndpoints)
          .set({
            ...(url === undefined ? {} : { url }),
            ...(patch.eventTypes === undefined ? {} : { eventTypes: [...new Set(patch.eventTypes)] }),
            ...(patch.description === undefined ? {} : { description: patch.description.trim() }),
            ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
          })
          .where(and(eq(eventEndpoints.organizationId, actor.organizationId), eq(eventEndpoints.id, id)))
          .returning(),
      )
      if (row === undefined) return yield* new EventEndpointNotFound({ endpointId: id })
      return toEndpoint(row)
    })

    const remove = Effect.fn("EventEndpoints.delete")(function* (id: string) {
      const actor = yield* requireAdmin("delete an event endpoint")
      const rows = yield* database.use((db) =>
        db
          .delete(eventEndpoints)
          .where(and(eq(eventEndpoints.organizationId, actor.organizationId), eq(eventEndpoints.id, id)))
          .returning({ id: eventEndpoints.id }),
      )
      if (rows.length === 0) return yield* new EventEndpointNotFound({ endpointId: id })
    })

    /** The endpoint's deliveries, newest first, `limit` at a time; `before` is the last id of the previous page. */
    const deliveries = Effect.fn("EventEndpoints.deliveries")(function* (
      id: string,
      options: { readonly limit?: number; readonly before?: string } = {},
    ) {
      const actor = yield* requireAdmin("read event deliveries")
      yield* find(actor.organizationId, id)
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200)
      const [before] =
        options.before === undefined
          ? []
          : yield* database.use((db) =>
              db
                .select({ createdAt: eventDeliveries.createdAt, id: eventDeliveries.id })
                .from(eventDeliveries)
                .where(and(eq(eventDeliveries.endpointId, id), eq(eventDeliveries.id, options.before ?? ""))),
            )
      const rows = yield* database.use((db) =>
        db
          .select({ delivery: eventDeliveries, event: outboundEvents })
          .from(eventDeliveries)
          .innerJoin(outboundEvents, eq(outboundEvents.id, eventDeliveries.eventId))
          .where(
            and(
              eq(eventDeliveries.endpointId, id),
              before === undefined
                ? undefined
                : or(
                    lt(eventDeliveries.createdAt, before.createdAt),
                    and(eq(eventDeliveries.createdAt, before.createdAt), lt(eventDeliveries.id, before.id)),
                  ),
            ),
          )
          .orderBy(desc(eventDeliveries.createdAt), desc(eventDeliveries.id))
          .limit(limit + 1),
      )
      const page = rows.slice(0, limit).map((r) => toDelivery(r.delivery, r.event))
      return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null }
    })

    /** Sends one delivery again (it keeps its id, so receivers can dedupe on it). */
    const redeliver = Effect.fn("EventEndpoints.redeliver")(function* (deliveryId: string) {
      const actor = yield* requireAdmin("redeliver an event")
      const [row] = yield* database.use((db) =>
        db
          .update(eventDeliveries)
          .set({ status: "pending" })
          .where(
            and(eq(eventDeliveries.organizationId, actor.organizationId), eq(eventDeliveries.id, deliveryId)),
          )
          .returning(),
      )
      if (row === undefined) return yield* new EventDeliveryNotFound({ deliveryId })
      return yield* events.enqueueDelivery(actor.organizationId, deliveryId)
    })

    return { create, list, update, delete: remove, deliveries, redeliver } as const
  }),
}) {}
