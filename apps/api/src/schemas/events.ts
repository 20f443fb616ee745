/** Request and response bodies of outbound events: endpoints, deliveries, the stream. */
import { EventType, OutboundEvent } from "@app/core/external"
import { Schema } from "effect"

const Url = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "is required" }),
  Schema.maxLength(2000),
).annotations({ jsonSchema: { type: "string", format: "uri", maxLength: 2000 } })

export const EventEndpointBody = Schema.Struct({
  url: Url,
  /** Event types to deliver; empty or absent: every type. */
  eventTypes: Schema.optional(Schema.Array(EventType).pipe(Schema.maxItems(20))),
  description: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
}).annotations({ identifier: "NewEventEndpoint" })

export const EventEndpointPatchBody = Schema.Struct({
  url: Schema.optional(Url),
  eventTypes: Schema.optional(Schema.Array(EventType).pipe(Schema.maxItems(20))),
  description: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
  enabled: Schema.optional(Schema.Boolean),
}).annotations({ identifier: "EventEndpointPatch" })

export const EventEndpointOut = Schema.Struct({
  id: Schema.String,
  url: Schema.String,
  description: Schema.String,
  eventTypes: Schema.Array(EventType),
  enabled: Schema.Boolean,
  createdAt: Schema.Date,
}).annotations({ identifier: "EventEndpoint" })

export const CreatedEventEndpointOut = Schema.Struct({
  ...EventEndpointOut.fields,
  /** The signing secret, shown this once. */
  secret: Schema.String,
}).annotations({ identifier: "CreatedEventEndpoint" })

export const DeliveryAttemptOut = Schema.Struct({
  at: Schema.String,
  status: Schema.NullOr(Schema.Number),
  error: Schema.NullOr(Schema.String),
  body: Schema.NullOr(Schema.String),
  durationMs: Schema.Number,
})

export const EventDeliveryOut = Schema.Struct({
  id: Schema.String,
  endpointId: Schema.String,
  status: Schema.Literal("pending", "delivered", "failed"),
  event: OutboundEvent,
  attempts: Schema.Array(DeliveryAttemptOut),
  createdAt: Schema.Date,
  deliveredAt: Schema.NullOr(Schema.Date),
}).annotations({ identifier: "EventDelivery" })

export const DeliveryPageOut = Schema.Struct({
  items: Schema.Array(EventDeliveryOut),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "EventDeliveryPage" })

export const DeliveryQuery = Schema.Struct({
  cursor: Schema.optional(Schema.UUID),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))),
})

export const StreamQuery = Schema.Struct({
  /** Resume after this event number (the `id` of the last message received). */
  after: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.nonNegative())),
})

export const RedeliveryOut = Schema.Struct({ jobId: Schema.String }).annotations({ identifier: "Redelivery" })
