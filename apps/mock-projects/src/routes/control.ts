/**
 * The control API under `/__mock` (README.md): put the emulator in any state, inject any failure and read
 * what happened, each in one call. Applies to the namespace of the request.
 */
import {
  invalidValue,
  mandatoryMissing,
  parseSeedOptions,
  ROLES,
  type RoleName,
  seed,
} from "@app/core/projects-emulator"
import { Hono } from "hono"
import type { MockEnv } from "../env.js"
import { readJson } from "../http.js"

type Body = Record<string, unknown>

const object = async (c: Parameters<typeof readJson>[0]): Promise<Body> => {
  const b = await readJson(c)
  if (typeof b !== "object" || b === null || Array.isArray(b))
    throw invalidValue("body", "body must be a JSON object")
  return b as Body
}

const text = (b: Body, f: string): string => {
  const v = b[f]
  if (typeof v !== "string" || v === "") throw mandatoryMissing(f)
  return v
}

const flag = (b: Body, f: string): boolean => {
  const v = b[f] ?? true
  if (typeof v !== "boolean") throw invalidValue(f, `${f} must be a boolean`)
  return v
}

export const controlRoutes = () =>
  new Hono<MockEnv>({ strict: false })
    .post("/__mock/reset", async (c) => {
      const emu = c.get("emu")
      const b = await object(c)
      const initial = c.get("registry").options.initialSeed
      if (b.reseed === true && initial !== undefined) seed(emu, initial)
      else emu.reset()
      return c.json({ namespace: emu.name, reset: true })
    })
    .post("/__mock/seed", async (c) => {
      const emu = c.get("emu")
      seed(emu, parseSeedOptions(await object(c)))
      return c.json(emu.summary(), 201)
    })
    .post("/__mock/snapshot", (c) => c.json({ id: c.get("emu").snapshot() }, 201))
    .post("/__mock/restore", async (c) => {
      c.get("emu").restore(text(await object(c), "id"))
      return c.json({ restored: true })
    })
    .get("/__mock/journal", (c) => c.json({ entries: c.get("emu").queryJournal(c.req.query()) }))
    .delete("/__mock/journal", (c) => {
      c.get("emu").clearJournal()
      return c.body(null, 204)
    })
    .post("/__mock/faults", async (c) => c.json(c.get("emu").addFault(await object(c)), 201))
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
    .post("/__mock/clock/advance", async (c) => {
      const emu = c.get("emu")
      const b = await object(c)
      const ms =
        typeof b.ms === "number" ? b.ms : typeof b.seconds === "number" ? b.seconds * 1000 : Number.NaN
      if (Number.isNaN(ms)) throw mandatoryMissing("seconds")
      const now = emu.advanceClock(ms)
      emu.releaseHeldDeliveries()
      await c.get("dispatcher").flush(emu)
      return c.json({ now: new Date(now).toISOString(), offset_ms: emu.state.clockOffsetMs })
    })
    .post("/__mock/tokens", async (c) =>
      c.json(c.get("emu").issueToken(await object(c), c.get("origin")), 201),
    )
    .get("/__mock/keys/:email", (c) => c.json(c.get("emu").getKey(c.req.param("email"))))
    .post("/__mock/keys/:email/regenerate", (c) => c.json(c.get("emu").regenerateKey(c.req.param("email"))))
    .post("/__mock/portals/:id/transfer", async (c) => {
      const b = await object(c)
      return c.json({ portal_details: c.get("emu").transferPortal(c.req.param("id"), text(b, "email")) })
    })
    .get("/__mock/rate-limit", (c) => c.json(c.get("emu").state.rateLimit))
    .post("/__mock/rate-limit", async (c) => c.json(c.get("emu").configureRateLimit(await object(c))))
    .post("/__mock/checkpoint", (c) => c.json({ checkpoint: c.get("emu").checkpoint() }, 201))
    .get("/__mock/diff", (c) => c.json(c.get("emu").diff(c.req.query("since") ?? "")))
    .post("/__mock/webhooks/flush", async (c) => {
      const emu = c.get("emu")
      const released = emu.releaseHeldDeliveries()
      await c.get("dispatcher").flush(emu)
      return c.json({ released, pending: emu.pendingDeliveries() })
    })
    .post("/__mock/events", async (c) => {
      const emu = c.get("emu")
      const b = await object(c)
      const type = text(b, "type")
      switch (type) {
        case "key.revoked": {
          const portal = b.portal_id
          if (portal !== undefined && typeof portal !== "string")
            throw invalidValue("portal_id", "portal_id must be a string")
          return c.json(emu.revokeKey(text(b, "email"), portal))
        }
        case "portal.ownership_changed":
          return c.json({ portal_details: emu.transferPortal(text(b, "portal_id"), text(b, "email")) })
        case "user.already_present": {
          const role = (b.role ?? "Manager") as RoleName
          if (!ROLES.includes(role)) throw invalidValue("role", `role must be one of ${ROLES.join(", ")}`)
          return c.json(emu.placeUser(text(b, "portal_id"), text(b, "email"), role))
        }
        case "projects.list_delay": {
          const seconds = b.seconds
          if (typeof seconds !== "number" || seconds < 0)
            throw invalidValue("seconds", "seconds must be a non-negative number")
          return c.json(emu.setBehavior({ listDelaySeconds: seconds }))
        }
        case "webhooks.duplicate":
          return c.json(emu.setBehavior({ webhookDuplicate: flag(b, "enabled") }))
        case "webhooks.out_of_order":
          return c.json(emu.setBehavior({ webhookOutOfOrder: flag(b, "enabled") }))
        default:
          throw invalidValue(
            "type",
            "type must be key.revoked, portal.ownership_changed, user.already_present, projects.list_delay, webhooks.duplicate or webhooks.out_of_order",
          )
      }
    })
    .get("/__mock/health", (c) => c.json({ status: "ok", namespace: c.get("emu").name }))
    .get("/__mock/namespaces", (c) => c.json({ namespaces: c.get("registry").names() }))
    .delete("/__mock/namespace", (c) => {
      c.get("registry").drop(c.get("emu").name)
      return c.body(null, 204)
    })
