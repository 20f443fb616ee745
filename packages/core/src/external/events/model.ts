/** Outbound events: what external systems can subscribe to, and the shapes they receive. */
import { Schema } from "effect"

export const EVENT_TYPES = [
  "project.created",
  "project.updated",
  "project.deleted",
  "integration.status_changed",
  "sync.finished",
  "client_mapping.finished",
] as const

export const EventType = Schema.Literal(...EVENT_TYPES)
export type EventType = typeof EventType.Type

/** The JSON body of a delivery and of an SSE message. */
export const OutboundEvent = Schema.Struct({
  id: Schema.UUID,
  seq: Schema.Number,
  type: EventType,
  organizationId: Schema.UUID,
  createdAt: Schema.String,
  data: Schema.Unknown,
})
export type OutboundEvent = typeof OutboundEvent.Type

export const DELIVERY_JOB = "event.deliver"
export const DELIVERY_MAX_ATTEMPTS = 8

/** Headers of a delivery: the event, the delivery (the same on every retry) and the signature. */
export const EVENT_HEADERS = {
  event: "X-CRM-Event",
  eventId: "X-CRM-Event-Id",
  delivery: "X-CRM-Delivery",
  signature: "X-CRM-Signature",
} as const
