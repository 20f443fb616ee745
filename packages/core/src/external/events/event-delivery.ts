/**
 * The `event.deliver` job: POSTs one event to one endpoint, signed, and logs the answer on the
 * delivery. A 2xx ends it; anything else fails the attempt and the job runner retries with backoff
 * until the last attempt marks the delivery failed. At least once: a receiver dedupes on the
 * delivery id (`X-CRM-Delivery`), which every retry and redelivery keeps.
 */
import { request as httpRequest } from "node:http"
import { request as httpsRequest } from "node:https"
import { isIP } from "node:net"
import { eq, sql } from "drizzle-orm"
import { Clock, Duration, Effect, Schema } from "effect"
import { type Job, type JobContext, JobNotRetryable } from "../../jobs/index.js"
import { Database } from "../../persistence/database.js"
import { eventDeliveries, eventEndpoints, outboundEvents } from "../../persistence/tables/index.js"
import { Secrets } from "../../secrets/index.js"
import { EndpointAddresses, guardedLookup, isPrivateAddress, mayBePrivate } from "./endpoint-addresses.js"
import { secretContext } from "./event-endpoints.js"
import { EVENT_HEADERS } from "./model.js"
import { toOutboundEvent } from "./outbound-events.js"
import { signEvent } from "./signature.js"

const Payload = Schema.Struct({ deliveryId: Schema.UUID })
const TIMEOUT = Duration.seconds(10)
const KEPT_BODY = 2_000

export class EndpointRefused extends Schema.TaggedError<EndpointRefused>()("EndpointRefused", {
  status: Schema.NullOr(Schema.Number),
  reason: Schema.String,
}) {
  override get message() {
    return this.status === null ? this.reason : `endpoint answered ${this.status}`
  }
}

export class EventDeliveryJobs extends Effect.Service<EventDeliveryJobs>()(
  "@app/core/external/EventDeliveryJobs",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database
      const secrets = yield* Secrets

      const addresses = yield* EndpointAddresses
      // node:http rather than fetch: its `lookup` lets the delivery check the address it connects to.
      const post = (url: string, headers: Record<string, string>, body: string) =>
        Effect.tryPromise({
          try: (signal) =>
            new Promise<{ status: number; body: string }>((done, fail) => {
              const target = new URL(url)
              const host = target.hostname.replace(/^\[|\]$/g, "")
              if (isIP(host) !== 0 && isPrivateAddress(host) && !mayBePrivate(addresses, host))
                return fail(new Error(`${host} is an internal address`))
              const send = target.protocol === "https:" ? httpsRequest : httpRequest
              const outgoing = send(
                target,
                {
                  method: "POST",
                  headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
                  lookup: guardedLookup(addresses),
                  signal,
                },
                (answer) => {
                  const chunks: Buffer[] = []
                  let kept = 0
                  answer.on("data", (chunk: Buffer) => {
                    if (kept < KEPT_BODY * 4) chunks.push(chunk)
                    kept += chunk.length
                  })
                  answer.on("end", () =>
                    done({
                      status: answer.statusCode ?? 0,
                      body: Buffer.concat(chunks).toString("utf8").slice(0, KEPT_BODY),
                    }),
                  )
                  answer.on("error", fail)
                },
              )
              outgoing.on("error", fail)
              outgoing.end(body)
            }),
          catch: (error) => (error instanceof Error ? error.message : String(error)),
        }).pipe(
          Effect.timeoutFail({ duration: TIMEOUT, onTimeout: () => "no answer within 10 s" }),
          Effect.either,
        )

      const handle = (job: Job, _context: JobContext) =>
        Effect.gen(function* () {
          const { deliveryId } = yield* Schema.decodeUnknown(Payload)(job.payload).pipe(
            Effect.mapError((e) => new JobNotRetryable({ tag: "PayloadInvalid", reason: e.message })),
          )
          const [row] = yield* database.use((db) =>
            db
              .select({ delivery: eventDeliveries, endpoint: eventEndpoints, event: outboundEvents })
              .from(eventDeliveries)
              .innerJoin(eventEndpoints, eq(eventEndpoints.id, eventDeliveries.endpointId))
              .innerJoin(outboundEvents, eq(outboundEvents.id, eventDeliveries.eventId))
              .where(eq(eventDeliveries.id, deliveryId)),
          )
          // The endpoint was deleted (its deliveries with it), or this delivery already arrived.
          if (row === undefined || row.delivery.status === "delivered") return { skipped: true }
          const secret = yield* secrets.decrypt(row.endpoint.secretSealed, secretContext(row.endpoint.id))
          const body = JSON.stringify(toOutboundEvent(row.event))
          const started = yield* Clock.currentTimeMillis
          const timestamp = Math.floor(started / 1000)
          const outcome = yield* post(
            row.endpoint.url,
            {
              "Content-Type": "application/json",
              "User-Agent": "crm-projects-events/1",
              [EVENT_HEADERS.event]: row.event.type,
              [EVENT_HEADERS.eventId]: row.event.id,
              [EVENT_HEADERS.delivery]: deliveryId,
              [EVENT_HEADERS.signature]: signEvent(secret, timestamp, body),
            },
            body,
          )
          const finished = yield* Clock.currentTimeMillis
          const delivered =
            outcome._tag === "Right" && outcome.right.status >= 200 && outcome.right.status < 300
          const attempt = {
            at: new Date(started).toISOString(),
            status: outcome._tag === "Right" ? outcome.right.status : null,
            error: outcome._tag === "Left" ? outcome.left : null,
            body: outcome._tag === "Right" ? outcome.right.body : null,
            durationMs: finished - started,
          }
          const last = job.attempts >= job.maxAttempts
          yield* database.use((db) =>
            db
              .update(eventDeliveries)
              .set({
                attempts: sql`${eventDeliveries.attempts} || ${JSON.stringify([attempt])}::jsonb`,
                status: delivered ? "delivered" : last ? "failed" : "pending",
                ...(delivered ? { deliveredAt: new Date(finished) } : {}),
              })
              .where(eq(eventDeliveries.id, deliveryId)),
          )
          if (!delivered)
            return yield* new EndpointRefused({
              status: attempt.status,
              reason: attempt.error ?? `endpoint answered ${attempt.status}`,
            })
          return { delivered: true, status: attempt.status }
        })

      return { handle } as const
    }),
  },
) {}
