/**
 * Rate limiting (projects-api.md §7): a sliding window per portal and user, then a lockout, on the mock clock.
 */
import { invalidValue, throttled } from "./errors.js"
import type { NamespaceState } from "./model.js"
import type { Namespace, RateInfo } from "./state.js"
import { bool, requireObject } from "./validation.js"

export function rateCheck(ns: Namespace, portalId: string, identity: string): RateInfo | undefined {
  const cfg = ns.state.rateLimit
  if (!cfg.enabled) return undefined
  const now = ns.now()
  const key = `${portalId}|${identity}`
  let w = ns.state.rateWindows.get(key)
  if (w === undefined) {
    w = { hits: [], lockedUntil: 0 }
    ns.state.rateWindows.set(key, w)
  }
  if (w.lockedUntil > now) throw throttled(Math.ceil((w.lockedUntil - now) / 1000))
  const from = now - cfg.windowS * 1000
  let drop = 0
  while (drop < w.hits.length && (w.hits[drop] ?? 0) <= from) drop++
  if (drop > 0) w.hits.splice(0, drop)
  if (w.hits.length >= cfg.limit) {
    w.lockedUntil = now + cfg.lockoutS * 1000
    throw throttled(cfg.lockoutS)
  }
  w.hits.push(now)
  return {
    limit: cfg.limit,
    remaining: cfg.limit - w.hits.length,
    reset: (w.hits[0] ?? now) + cfg.windowS * 1000,
  }
}

export function configureRateLimit(ns: Namespace, body: unknown): NamespaceState["rateLimit"] {
  const b = requireObject(body)
  const enabled = bool(b, "enabled")
  const num = (f: string) => {
    const v = b[f]
    if (v === undefined) return undefined
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
      throw invalidValue(f, `${f} must be a positive integer`)
    return v
  }
  const cfg = ns.state.rateLimit
  const limit = num("limit")
  const windowS = num("window_s")
  const lockoutS = num("lockout_s")
  ns.state.rateLimit = {
    enabled: enabled ?? true,
    limit: limit ?? cfg.limit,
    windowS: windowS ?? cfg.windowS,
    lockoutS: lockoutS ?? cfg.lockoutS,
  }
  ns.state.rateWindows.clear()
  return ns.state.rateLimit
}
