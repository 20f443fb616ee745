/**
 * What external systems use besides the routes: idempotency keys on writes, per-token rate limits,
 * and outbound events (endpoints, signed deliveries on the job queue, the stream).
 */
import { Effect, Layer } from "effect"
import { JobRunner } from "../jobs/index.js"
import { EndpointAddresses } from "./events/endpoint-addresses.js"
import { EventDeliveryJobs } from "./events/event-delivery.js"
import { EventEndpoints } from "./events/event-endpoints.js"
import { EventRetention, EventRetentionConfig } from "./events/event-retention.js"
import { DELIVERY_JOB } from "./events/model.js"
import { OutboundEvents } from "./events/outbound-events.js"
import { IdempotencyKeys } from "./idempotency/idempotency-keys.js"
import { TokenRateLimits } from "./token-rate-limits.js"

export * from "./errors.js"
export {
  EndpointAddresses,
  isPrivateAddress,
  refuseHost,
} from "./events/endpoint-addresses.js"
export { EndpointRefused, EventDeliveryJobs } from "./events/event-delivery.js"
export {
  ENDPOINT_SECRET_PREFIX,
  type EventDelivery,
  type EventEndpoint,
  type EventEndpointPatch,
  EventEndpoints,
  type NewEventEndpoint,
} from "./events/event-endpoints.js"
export { EventRetention, EventRetentionConfig } from "./events/event-retention.js"
export * from "./events/model.js"
export { OutboundEvents } from "./events/outbound-events.js"
export { signEvent } from "./events/signature.js"
export {
  type Begun,
  IDEMPOTENCY_TTL_MS,
  IdempotencyKeys,
  type IdempotentRequest,
  type StoredAnswer,
  validKey,
} from "./idempotency/idempotency-keys.js"
export { type RateDecision, TokenRateLimits } from "./token-rate-limits.js"

/** The services above; they need Database, Secrets and JobQueue. */
export const ExternalLayer = Layer.mergeAll(
  IdempotencyKeys.Default,
  TokenRateLimits.Default,
  EventEndpoints.Default,
  EventDeliveryJobs.Default,
  EventRetention.Default,
).pipe(
  Layer.provideMerge(OutboundEvents.Default),
  Layer.provideMerge(EndpointAddresses.layer),
  Layer.provideMerge(EventRetentionConfig.layer),
)

/** Registers the delivery of outbound events on the process's job runner. */
export const ExternalJobs = Layer.scopedDiscard(
  Effect.gen(function* () {
    const runner = yield* JobRunner
    const deliveries = yield* EventDeliveryJobs
    yield* runner.register(DELIVERY_JOB, deliveries.handle)
    // Events and delivery logs older than EVENT_RETENTION are purged by every process, hourly.
    yield* Effect.forkScoped((yield* EventRetention).schedule)
  }),
)
