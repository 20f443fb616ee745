/**
 * Outbound events and their delivery logs are kept for `EVENT_RETENTION` (30 days unless told), then
 * purged: every API process runs the purge every hour (deleting twice is harmless). Deliveries go with
 * their event (the foreign key cascades), so the delivery log and the SSE stream's history end at the
 * same age. Rows go in batches, so a large backlog never holds a long lock.
 */
import { sql } from "drizzle-orm"
import { Clock, Context, Duration, Effect, Layer, Schedule } from "effect"
import { EventsEnv } from "../../config/index.js"
import { Database } from "../../persistence/database.js"

const BATCH = 5_000

export interface EventRetentionSettings {
  /** How long an event and its deliveries are kept. */
  readonly keep: Duration.Duration
}

export class EventRetentionConfig extends Context.Tag("@app/core/external/EventRetentionSettings")<
  EventRetentionConfig,
  EventRetentionSettings
>() {
  static readonly layer = Layer.effect(
    EventRetentionConfig,
    Effect.map(EventsEnv, ({ retention }) => ({ keep: retention })),
  ).pipe(Layer.orDie)
  static readonly keeping = (keep: Duration.DurationInput) =>
    Layer.succeed(EventRetentionConfig, { keep: Duration.decode(keep) })
}

export class EventRetention extends Effect.Service<EventRetention>()("@app/core/external/EventRetention", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const settings = yield* EventRetentionConfig

    /** Deletes the events older than the retention, with their deliveries; returns how many events. */
    const purge = Effect.fn("EventRetention.purge")(function* () {
      const now = yield* Clock.currentTimeMillis
      const before = new Date(now - Duration.toMillis(settings.keep)).toISOString()
      let total = 0
      for (;;) {
        const rows = yield* database.execute<{ n: number }>(
          sql`with gone as (delete from outbound_events where id in (select id from outbound_events where created_at < ${before}::timestamptz limit ${BATCH}) returning 1) select count(*)::int as n from gone`,
        )
        const n = Number(rows[0]?.n ?? 0)
        total += n
        if (n < BATCH) return total
      }
    })

    /** `purge` every hour for as long as the scope lives (the first a minute after start). */
    const schedule = purge().pipe(
      Effect.tap((n) => (n > 0 ? Effect.logInfo("purged old outbound events", { events: n }) : Effect.void)),
      Effect.catchAll((error) => Effect.logWarning("could not purge old outbound events", error.message)),
      Effect.repeat(Schedule.spaced(Duration.hours(1))),
      Effect.delay(Duration.minutes(1)),
    )

    return { purge, schedule, keep: settings.keep } as const
  }),
}) {}
