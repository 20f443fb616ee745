import { decodeInput, RateLimitInput } from "./control-api.js"
/**
 * Rate limiting (projects-api.md §7): a sliding window per portal and user, then a lockout, on the mock clock.
 */
import { throttled } from "./errors.js"
import type { NamespaceState } from "./model.js"
import type { Namespace, RateInfo } from "./state.js"

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
  const input = decodeInput(RateLimitInput)(body)
  const cfg = ns.state.rateLimit
  ns.state.rateLimit = {
    enabled: input.enabled ?? true,
    limit: input.limit ?? cfg.limit,
    windowS: input.window_s ?? cfg.windowS,
    lockoutS: input.lockout_s ?? cfg.lockoutS,
  }
  ns.state.rateWindows.clear()
  return ns.state.rateLimit
}
