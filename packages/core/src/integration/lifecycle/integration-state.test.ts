import { describe, expect, it } from "@effect/vitest"
import { and, eq } from "drizzle-orm"
import { Duration, Effect, Layer, Redacted, TestClock } from "effect"
import { TestDatabase } from "../../../test/index.js"
import { actingAs } from "../../crm/actor.js"
import type { Edition } from "../../crm/model.js"
import { Organizations } from "../../crm/organizations.js"
import { UserChanges } from "../../crm/user-changes.js"
import { Database, tables } from "../../persistence/index.js"
import { AuditLog } from "../audit/audit-log.js"
import { IntegrationState } from "./integration-state.js"

const TestLayer = Layer.mergeAll(IntegrationState.Default, AuditLog.Default, Organizations.Default).pipe(
  Layer.provideMerge(UserChanges.Default),
  Layer.provideMerge(TestDatabase),
)

let counter = 0
const newOrganization = (edition: Edition) =>
  Effect.flatMap(Organizations, (orgs) =>
    orgs.create({
      name: `Org ${++counter} ${edition}`,
      edition,
      admin: {
        name: "Ada Admin",
        email: `ada${counter}@example.test`,
        password: Redacted.make("correct horse battery"),
      },
    }),
  )

const setEdition = (organizationId: string, edition: Edition) =>
  Effect.flatMap(Database, (db) =>
    db.use((d) =>
      d.update(tables.organizations).set({ edition }).where(eq(tables.organizations.id, organizationId)),
    ),
  )

describe("IntegrationState", () => {
  it.layer(TestLayer)((it) => {
    it.effect("starts not enabled and moves to setting up on Get Started", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization("enterprise")
        const state = yield* IntegrationState
        const before = yield* state.view().pipe(actingAs(adminActor))
        expect(before.status).toBe("not_enabled")
        const after = yield* state.enable().pipe(actingAs(adminActor))
        expect(after.status).toBe("setting_up")
        expect(after.trial).toBeNull()
        expect(after.steps).toEqual({
          portal: false,
          fieldMapping: false,
          permissions: false,
          clientMapping: "pending",
        })
      }),
    )

    it.effect("refuses Get Started to a user without admin privileges", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization("enterprise")
        const state = yield* IntegrationState
        const error = yield* state.enable().pipe(actingAs({ ...adminActor, isAdmin: false }), Effect.flip)
        expect(error._tag).toBe("NotAdministrator")
        expect((yield* state.view().pipe(actingAs(adminActor))).status).toBe("not_enabled")
      }),
    )

    it.effect(
      "gives a free edition a 15-day trial that expires, and stops until the edition is upgraded",
      () =>
        Effect.gen(function* () {
          const { adminActor, organization } = yield* newOrganization("free")
          const state = yield* IntegrationState
          const enabled = yield* state.enable().pipe(actingAs(adminActor))
          expect(enabled.trial).toMatchObject({ daysLeft: 15, expired: false })

          yield* TestClock.adjust(Duration.days(14))
          expect((yield* state.view().pipe(actingAs(adminActor))).trial?.daysLeft).toBe(1)

          yield* TestClock.adjust(Duration.days(1))
          const expired = yield* state.view().pipe(actingAs(adminActor))
          expect(expired.status).toBe("trial_expired")
          expect(expired.message).toMatch(/trial/)
          const refused = yield* state.requireActive("sync").pipe(actingAs(adminActor), Effect.flip)
          expect(refused._tag).toBe("TrialExpired")

          yield* setEdition(organization.id, "professional")
          const upgraded = yield* state.view().pipe(actingAs(adminActor))
          expect(upgraded.status).toBe("setting_up")
          expect(upgraded.trial).toBeNull()
        }),
    )

    it.effect("says once, as a status event, that a free edition's trial has ended", () =>
      Effect.gen(function* () {
        const { adminActor, organization } = yield* newOrganization("free")
        const state = yield* IntegrationState
        yield* state.enable().pipe(actingAs(adminActor))
        const statusEvents = Effect.flatMap(Database, (db) =>
          db.use((d) =>
            d
              .select({ data: tables.outboundEvents.data })
              .from(tables.outboundEvents)
              .where(
                and(
                  eq(tables.outboundEvents.organizationId, organization.id),
                  eq(tables.outboundEvents.type, "integration.status_changed"),
                ),
              ),
          ),
        ).pipe(Effect.map((rows) => rows.map((row) => row.data)))
        const enabledOnly = [{ from: "not_enabled", to: "setting_up", action: "integration.enabled" }]
        yield* state.noticeExpiredTrials()
        expect(yield* statusEvents).toEqual(enabledOnly)

        yield* TestClock.adjust(Duration.days(15))
        expect(yield* state.noticeExpiredTrials()).toBeGreaterThanOrEqual(1)
        expect(yield* statusEvents).toEqual([
          ...enabledOnly,
          { from: "setting_up", to: "trial_expired", action: "integration.trial_expired" },
        ])
        // Once: later looks (by this process or another) find it said.
        yield* TestClock.adjust(Duration.days(1))
        expect(yield* state.noticeExpiredTrials()).toBe(0)
        expect(yield* statusEvents).toHaveLength(2)
        const audit = yield* Effect.flatMap(AuditLog, (log) =>
          log.list({ action: "integration.trial_expired" }),
        ).pipe(actingAs(adminActor))
        expect(audit.items.map((entry) => entry.actor.label)).toEqual([
          expect.stringContaining("(background job)"),
        ])
      }),
    )

    it.effect("does not restart the trial when enabled again", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization("free")
        const state = yield* IntegrationState
        const first = yield* state.enable().pipe(actingAs(adminActor))
        yield* TestClock.adjust(Duration.days(3))
        const again = yield* state.enable().pipe(actingAs(adminActor))
        expect(again.trial?.endsAt).toBe(first.trial?.endsAt)
        yield* TestClock.adjust(Duration.days(13))
        const error = yield* state.enable().pipe(actingAs(adminActor), Effect.flip)
        expect(error._tag).toBe("TrialExpired")
      }),
    )

    it.effect("records each transition in the audit log with before and after", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization("enterprise")
        const state = yield* IntegrationState
        yield* state.enable().pipe(actingAs(adminActor))
        const log = yield* Effect.flatMap(AuditLog, (audit) => audit.list({})).pipe(actingAs(adminActor))
        expect(log.items).toHaveLength(1)
        expect(log.items[0]).toMatchObject({
          action: "integration.enabled",
          actor: { userId: adminActor.userId },
          before: { status: "not_enabled" },
          after: { status: "setting_up" },
        })
      }),
    )
  })
})
