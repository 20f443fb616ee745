import { describe, expect, it } from "@effect/vitest"
import { eq, sql } from "drizzle-orm"
import { Duration, Effect, Layer, Redacted, TestClock } from "effect"
import { newOrganization, TestDatabase } from "../../../test/index.js"
import { Organizations } from "../../crm/organizations.js"
import { UserChanges } from "../../crm/user-changes.js"
import { JobQueue } from "../../jobs/index.js"
import { Database, tables } from "../../persistence/index.js"
import { EventRetention, EventRetentionConfig } from "./event-retention.js"
import { OutboundEvents } from "./outbound-events.js"

const TestLayer = Layer.mergeAll(EventRetention.Default, OutboundEvents.Default, Organizations.Default).pipe(
  Layer.provideMerge(EventRetentionConfig.keeping("30 days")),
  Layer.provideMerge(UserChanges.Default),
  Layer.provideMerge(JobQueue.Default),
  Layer.provideMerge(TestDatabase),
)

describe("retention of outbound events", () => {
  it.layer(TestLayer)((it) => {
    it.effect("purges events older than the retention with their delivery logs, and keeps the rest", () =>
      Effect.gen(function* () {
        const { organization } = yield* newOrganization()
        const db = yield* Database
        // An endpoint for every event type, so each event has a delivery (and a log).
        yield* db.use((d) =>
          d.insert(tables.eventEndpoints).values({
            organizationId: organization.id,
            url: "https://hooks.example.com/crm",
            description: "",
            eventTypes: [],
            secretSealed: Redacted.value(Redacted.make("sealed")),
            createdAt: new Date(0),
          }),
        )
        const events = yield* OutboundEvents
        yield* events.publish(organization.id, "sync.finished", { n: 1 })
        yield* TestClock.adjust(Duration.days(20))
        yield* events.publish(organization.id, "sync.finished", { n: 2 })
        const kept = () =>
          db.execute<{ n: number; deliveries: number }>(
            sql`select (e.data->>'n')::int as n, (select count(*)::int from event_deliveries d where d.event_id = e.id) as deliveries from outbound_events e where e.organization_id = ${organization.id}::uuid order by e.seq`,
          )
        expect(yield* kept()).toEqual([
          { n: 1, deliveries: 1 },
          { n: 2, deliveries: 1 },
        ])
        const retention = yield* EventRetention
        expect(yield* retention.purge()).toBe(0)

        // Day 31: the first event is past 30 days, the second is not.
        yield* TestClock.adjust(Duration.days(11))
        expect(yield* retention.purge()).toBeGreaterThanOrEqual(1)
        expect(yield* kept()).toEqual([{ n: 2, deliveries: 1 }])
        const logs = yield* db.use((d) =>
          d
            .select({ id: tables.eventDeliveries.id })
            .from(tables.eventDeliveries)
            .where(eq(tables.eventDeliveries.organizationId, organization.id)),
        )
        expect(logs).toHaveLength(1)
      }),
    )
  })
})
