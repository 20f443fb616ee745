/** Refusals of the external-systems features: idempotency keys, rate limits and event endpoints. */
import { Schema } from "effect"

export const IDEMPOTENCY_HEADER = "Idempotency-Key"

/** 409: a request with this key is still being worked on; retry when it has answered. */
export class IdempotencyKeyInUse extends Schema.TaggedError<IdempotencyKeyInUse>()("IdempotencyKeyInUse", {
  key: Schema.String,
}) {
  override get message() {
    return "a request with this Idempotency-Key is still running; retry once it has answered"
  }
}

/** 422: the key was first used for another request (method, path or body differ). */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()("IdempotencyKeyReused", {
  key: Schema.String,
}) {
  override get message() {
    return "this Idempotency-Key was used for a different request in the last 24 hours"
  }
}

/** 422: the key is empty, too long or not printable ASCII. */
export class IdempotencyKeyInvalid extends Schema.TaggedError<IdempotencyKeyInvalid>()(
  "IdempotencyKeyInvalid",
  {},
) {
  override get message() {
    return "an Idempotency-Key is 1 to 255 printable ASCII characters"
  }
}

/** 429: the token used its requests for this minute. */
export class TokenRateLimited extends Schema.TaggedError<TokenRateLimited>()("TokenRateLimited", {
  limit: Schema.Number,
  retryAfterSeconds: Schema.Number,
}) {
  override get message() {
    return `this API token may make ${this.limit} requests per minute; retry in ${this.retryAfterSeconds} s`
  }
}

export class EventEndpointNotFound extends Schema.TaggedError<EventEndpointNotFound>()(
  "EventEndpointNotFound",
  { endpointId: Schema.String },
) {
  override get message() {
    return `event endpoint ${this.endpointId} not found`
  }
}

export class EventDeliveryNotFound extends Schema.TaggedError<EventDeliveryNotFound>()(
  "EventDeliveryNotFound",
  { deliveryId: Schema.String },
) {
  override get message() {
    return `event delivery ${this.deliveryId} not found`
  }
}

/** 422: an endpoint's URL or event types name what to fix. */
export class EventEndpointInvalid extends Schema.TaggedError<EventEndpointInvalid>()("EventEndpointInvalid", {
  field: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return `${this.field}: ${this.reason}`
  }
}

export type ExternalError =
  | IdempotencyKeyInUse
  | IdempotencyKeyReused
  | IdempotencyKeyInvalid
  | TokenRateLimited
  | EventEndpointNotFound
  | EventDeliveryNotFound
  | EventEndpointInvalid
