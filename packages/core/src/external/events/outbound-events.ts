/**
 * Emits outbound events: one row per event (read by the SSE stream from any process) and, for every
 * enabled endpoint subscribed to its type, a delivery with its durable job — in the caller's
 * transaction, so an event is sent if and only if the change it reports committed.
 */
import { and, asc, eq, gt, max } from "drizzle-orm"
import { Chunk, Clock, type Duration, Effect, Option, Stream } from "effect"
import { JobQueue } from "../../jobs/index.js"
import { Database } from "../../persistence/database.js"
import { eventDeliveries, eventEndpoints, outboundEvents } from "../../persistence/tables/index.js"
import { DELIVERY_JOB, DELIVERY_MAX_ATTEMPTS, type EventType, type OutboundEvent } from "./model.js"

type EventRow = typeof outboundEvents.$inferSelect

export const toOutboundEvent = (row: EventRow): OutboundEvent => ({
  id: row.id,
  seq: row.seq,
  type: row.type as EventType,
  organizationId: row.organizationId,
  createdAt: row.createdAt.toISOString(),
  data: row.data,
})

export class OutboundEvents extends Effect.Service<OutboundEvents>()("@app/core/external/OutboundEvents", {
  dependencies: [JobQueue.Default],
  effect: Effect.gen(function* () {
    const database = yield* Database
    const queue = yield* JobQueue

    /** Records `type` with `data` and queues a delivery to each endpoint that wants it. */
    const publish = Effect.fn("OutboundEvents.publish")(function* (
      organizationId: string,
      type: EventType,
      data: unknown,
    ) {
      const createdAt = new Date(yield* Clock.currentTimeMillis)
      return yield* database.transaction(
        Effect.gen(function* () {
          const [event] = yield* database.use((db) =>
            db.insert(outboundEvents).values({ organizationId, type, data, createdAt }).returning(),
          )
          if (event === undefined)
            return yield* Effect.dieMessage("insert into outbound_events returned no row")
          const endpoints = yield* database.use((db) =>
            db
              .select({ id: eventEndpoints.id, eventTypes: eventEndpoints.eventTypes })
              .from(eventEndpoints)
              .where(
                and(eq(eventEndpoints.organizationId, organizationId), eq(eventEndpoints.enabled, true)),
              ),
          )
          for (const endpoint of endpoints) {
            if (endpoint.eventTypes.length > 0 && !endpoint.eventTypes.includes(type)) continue
            const [delivery] = yield* database.use((db) =>
              db
                .insert(eventDeliveries)
                .values({
                  organizationId,
                  endpointId: endpoint.id,
                  eventId: event.id,
                  status: "pending",
                  createdAt,
                })
                .returning({ id: eventDeliveries.id }),
            )
            if (delivery !== undefined) yield* enqueueDelivery(organizationId, delivery.id)
          }
          return toOutboundEvent(event)
        }),
      )
    })

    const enqueueDelivery = (organizationId: string, deliveryId: string) =>
      queue.enqueue({
        kind: DELIVERY_JOB,
        payload: { deliveryId },
        organizationId,
        dedupeKey: `event-delivery:${deliveryId}`,
        maxAttempts: DELIVERY_MAX_ATTEMPTS,
      })

    /** Events after `afterSeq`, oldest first. */
    const since = Effect.fn("OutboundEvents.since")(function* (organizationId: string, afterSeq: number) {
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(outboundEvents)
          .where(and(eq(outboundEvents.organizationId, organizationId), gt(outboundEvents.seq, afterSeq)))
          .orderBy(asc(outboundEvents.seq))
          .limit(100),
      )
      return rows.map(toOutboundEvent)
    })

    /** The organization's last event number: a stream starts after it unless told otherwise. */
    const lastSeq = Effect.fn("OutboundEvents.lastSeq")(function* (organizationId: string) {
      const [row] = yield* database.use((db) =>
        db
          .select({ seq: max(outboundEvents.seq) })
          .from(outboundEvents)
          .where(eq(outboundEvents.organizationId, organizationId)),
      )
      return Number(row?.seq ?? 0)
    })

    /**
     * Every event after `afterSeq` as it is committed, by polling the table: the stream sees the events
     * of every API process.
     */
    const stream = (
      organizationId: string,
      afterSeq: number,
      interval: Duration.DurationInput = "500 millis",
    ) =>
      Stream.unfoldChunkEffect(afterSeq, (seq) =>
        since(organizationId, seq).pipe(
          Effect.tap((events) => (events.length === 0 ? Effect.sleep(interval) : Effect.void)),
          Effect.map((events) =>
            Option.some([Chunk.fromIterable(events), events.at(-1)?.seq ?? seq] as const),
          ),
        ),
      )

    return { publish, enqueueDelivery, since, lastSeq, stream } as const
  }),
}) {}
