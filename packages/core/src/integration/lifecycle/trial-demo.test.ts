import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { TestDatabase } from "../../../test/index.js"
import { actingAs } from "../../crm/actor.js"
import { CrmLive } from "../../crm/index.js"
import { Sessions } from "../../crm/sessions.js"
import { OutboundEvents } from "../../external/index.js"
import { JobQueue } from "../../jobs/index.js"
import { AuditLog } from "../audit/audit-log.js"
import { IntegrationState } from "./integration-state.js"
import { loadTrialDemo } from "./trial-demo.js"

const TestLayer = Layer.mergeAll(IntegrationState.Default, AuditLog.Default).pipe(
  Layer.provideMerge(OutboundEvents.Default),
  Layer.provideMerge(JobQueue.Default),
  Layer.provideMerge(CrmLive),
  Layer.provideMerge(TestDatabase),
)
const password = Redacted.make("demo-password-1")

const viewAs = (email: string) =>
  Effect.gen(function* () {
    const { actor } = yield* (yield* Sessions).signIn({ email, password, ip: "127.0.0.1" })
    return yield* (yield* IntegrationState).view().pipe(actingAs(actor))
  })

describe("Trial demo organizations", () => {
  it.layer(TestLayer)((it) => {
    it.effect("offers a free edition not yet enabled and one whose trial has ended, once", () =>
      Effect.gen(function* () {
        yield* loadTrialDemo(password)
        yield* loadTrialDemo(password)
        const free = yield* viewAs("admin@free.demo.test")
        expect(free.status).toBe("not_enabled")
        const over = yield* viewAs("admin@trial-over.demo.test")
        expect(over.status).toBe("trial_expired")
        expect(over.trial).toMatchObject({ daysLeft: 0, expired: true })
      }),
    )

    it.effect("starts a 15-day trial when the free organization's admin clicks Get Started", () =>
      Effect.gen(function* () {
        yield* loadTrialDemo(password)
        const { actor } = yield* (yield* Sessions).signIn({
          email: "admin@free.demo.test",
          password,
          ip: "127.0.0.1",
        })
        const enabled = yield* (yield* IntegrationState).enable().pipe(actingAs(actor))
        expect(enabled.trial).toMatchObject({ daysLeft: 15, expired: false })
      }),
    )
  })
})
