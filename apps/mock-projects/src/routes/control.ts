/**
 * The control API under `/__mock` (README.md): put the emulator in any state, inject any failure and read
 * what happened, each in one call. Applies to the namespace of the request. Bodies are decoded through
 * the core's control Schemas; the chained routes' type is what the typed control client is derived from.
 */
import {
  BusinessEvent,
  ClockAdvanceInput,
  FaultInput,
  type JournalEntry,
  mandatoryMissing,
  parseSeedOptions,
  RateLimitInput,
  ResetInput,
  RestoreInput,
  SeedInput,
  seed,
  TokenInput,
  TransferInput,
} from "@app/core/projects-emulator"
import { Hono } from "hono"
import type { MockEnv } from "../env.js"
import { jsonBody } from "../http.js"

export const controlRoutes = () =>
  new Hono<MockEnv>({ strict: false })
    .post("/__mock/reset", jsonBody(ResetInput), (c) => {
      const emu = c.get("emu")
      const initial = c.get("registry").options.initialSeed
      if (c.req.valid("json").reseed === true && initial !== undefined) seed(emu, initial)
      else emu.reset()
      return c.json({ namespace: emu.name, reset: true as const })
    })
    .post("/__mock/seed", jsonBody(SeedInput), (c) => {
      const emu = c.get("emu")
      seed(emu, parseSeedOptions(c.req.valid("json")))
      return c.json(emu.summary(), 201)
    })
    .post("/__mock/snapshot", (c) => c.json({ id: c.get("emu").snapshot() }, 201))
    .post("/__mock/restore", jsonBody(RestoreInput), (c) => {
      c.get("emu").restore(c.req.valid("json").id)
      return c.json({ restored: true as const })
    })
    .get("/__mock/journal", (c) => {
      const entries: JournalEntry[] = c.get("emu").queryJournal(c.req.query())
      return c.json({ entries })
    })
    .delete("/__mock/journal", (c) => {
      c.get("emu").clearJournal()
      return c.body(null, 204)
    })
    .post("/__mock/faults", jsonBody(FaultInput), (c) =>
      c.json(c.get("emu").addFault(c.req.valid("json")), 201),
    )
    .get("/__mock/faults", (c) => c.json({ faults: c.get("emu").state.faults }))
    .delete("/__mock/faults", (c) => {
      c.get("emu").removeFault()
      return c.body(null, 204)
    })
    .delete("/__mock/faults/:id", (c) => {
      c.get("emu").removeFault(c.req.param("id"))
      return c.body(null, 204)
    })
    .get("/__mock/state", (c) => {
      const all = c.req.query("users") === "all"
      return c.json(c.get("emu").summary(all ? Number.MAX_SAFE_INTEGER : 500))
    })
    .get("/__mock/clock", (c) => {
      const emu = c.get("emu")
      return c.json({ now: new Date(emu.now()).toISOString(), offset_ms: emu.state.clockOffsetMs })
    })
    .post("/__mock/clock/advance", jsonBody(ClockAdvanceInput), async (c) => {
      const emu = c.get("emu")
      const b = c.req.valid("json")
      const ms = b.ms ?? (b.seconds === undefined ? undefined : b.seconds * 1000)
      if (ms === undefined) throw mandatoryMissing("seconds")
      const now = emu.advanceClock(ms)
      emu.releaseHeldDeliveries()
      await c.get("dispatcher").flush(emu)
      return c.json({ now: new Date(now).toISOString(), offset_ms: emu.state.clockOffsetMs })
    })
    .post("/__mock/tokens", jsonBody(TokenInput), (c) =>
      c.json(c.get("emu").issueToken(c.req.valid("json"), c.get("origin")), 201),
    )
    .get("/__mock/keys/:email", (c) => c.json(c.get("emu").getKey(c.req.param("email"))))
    .post("/__mock/keys/:email/regenerate", (c) => c.json(c.get("emu").regenerateKey(c.req.param("email"))))
    .post("/__mock/portals/:id/transfer", jsonBody(TransferInput), (c) =>
      c.json({ portal_details: c.get("emu").transferPortal(c.req.param("id"), c.req.valid("json").email) }),
    )
    .get("/__mock/rate-limit", (c) => c.json(c.get("emu").state.rateLimit))
    .post("/__mock/rate-limit", jsonBody(RateLimitInput), (c) =>
      c.json(c.get("emu").configureRateLimit(c.req.valid("json"))),
    )
    .post("/__mock/checkpoint", (c) => c.json({ checkpoint: c.get("emu").checkpoint() }, 201))
    .get("/__mock/diff", (c) => c.json(c.get("emu").diff(c.req.query("since") ?? "")))
    .post("/__mock/webhooks/flush", async (c) => {
      const emu = c.get("emu")
      const released = emu.releaseHeldDeliveries()
      await c.get("dispatcher").flush(emu)
      return c.json({ released, pending: emu.pendingDeliveries() })
    })
    .post("/__mock/events", jsonBody(BusinessEvent), (c) => {
      const emu = c.get("emu")
      const event = c.req.valid("json")
      switch (event.type) {
        case "key.revoked":
          return c.json<Record<string, unknown>>({ ...emu.revokeKey(event.email, event.portal_id) })
        case "portal.ownership_changed":
          return c.json<Record<string, unknown>>({
            portal_details: emu.transferPortal(event.portal_id, event.email),
          })
        case "user.already_present":
          return c.json<Record<string, unknown>>(
            emu.placeUser(event.portal_id, event.email, event.role ?? "Manager"),
          )
        case "projects.list_delay":
          return c.json<Record<string, unknown>>({ ...emu.setBehavior({ listDelaySeconds: event.seconds }) })
        case "webhooks.duplicate":
          return c.json<Record<string, unknown>>({
            ...emu.setBehavior({ webhookDuplicate: event.enabled ?? true }),
          })
        case "webhooks.out_of_order":
          return c.json<Record<string, unknown>>({
            ...emu.setBehavior({ webhookOutOfOrder: event.enabled ?? true }),
          })
      }
    })
    .get("/__mock/health", (c) => c.json({ status: "ok", namespace: c.get("emu").name }))
    .get("/__mock/namespaces", (c) => c.json({ namespaces: c.get("registry").names() }))
    .delete("/__mock/namespace", (c) => {
      c.get("registry").drop(c.get("emu").name)
      return c.body(null, 204)
    })

export type ControlRoutes = ReturnType<typeof controlRoutes>
