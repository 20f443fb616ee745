/**
 * Injected faults (latency, status, rate limit, dropped connection) matched by method and path glob,
 * and the behaviour switches of business events.
 */

import { decodeInput, FaultInput } from "./control-api.js"
import { parsePortalChanges } from "./mid-read-changes.js"
import type { Fault, NamespaceState } from "./model.js"
import { makePrng, nextFloat } from "./prng.js"
import type { Namespace } from "./state.js"

export function addFault(ns: Namespace, body: unknown): Fault {
  const input = decodeInput(FaultInput)(body)
  const changes = input.kind === "portal_changes" ? parsePortalChanges({ ...input }) : undefined
  const fault: Fault = {
    id: `flt_${ns.seq()}`,
    kind: input.kind,
    method: (input.method ?? (changes === undefined ? "*" : "GET")).toUpperCase(),
    path: input.path ?? changes?.defaultPath ?? "**",
    latencyMs: input.latency_ms ?? (input.kind === "latency" ? 1000 : 0),
    status: input.status ?? (input.kind === "rate_limit" ? 429 : 500),
    retryAfter: input.retry_after ?? 60,
    probability: input.probability ?? 1,
    hits: 0,
  }
  if (changes !== undefined) fault.changes = changes.changes
  if (input.count !== undefined) fault.remaining = input.count
  if (input.seed !== undefined) ns.state.faultPrng = makePrng(input.seed)
  ns.state.faults.push(fault)
  return fault
}

/** The first fault matching the request (method + path glob) that fires this time, consuming a count. */
export function matchFault(ns: Namespace, method: string, path: string): Fault | undefined {
  for (const f of ns.state.faults) {
    if (f.remaining === 0) continue
    if (f.method !== "*" && f.method !== method.toUpperCase()) continue
    if (!globToRegExp(f.path).test(path)) continue
    if (f.probability < 1 && nextFloat(ns.state.faultPrng) >= f.probability) continue
    if (f.remaining !== undefined) f.remaining--
    f.hits++
    return f
  }
  return undefined
}

export function removeFault(ns: Namespace, id?: string): void {
  ns.state.faults = id === undefined ? [] : ns.state.faults.filter((f) => f.id !== id)
}

export function setBehavior(
  ns: Namespace,
  patch: Partial<NamespaceState["behaviors"]>,
): NamespaceState["behaviors"] {
  Object.assign(ns.state.behaviors, patch)
  return ns.state.behaviors
}

const globCache = new Map<string, RegExp>()
/** `*` matches within one path segment, `**` across segments; a pattern starting `re:` is a regex. */
export const globToRegExp = (glob: string): RegExp => {
  const hit = globCache.get(glob)
  if (hit !== undefined) return hit
  const re = glob.startsWith("re:")
    ? new RegExp(glob.slice(3))
    : new RegExp(
        `^${glob
          .split("**")
          .map((part) =>
            part
              .split("*")
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
              .join("[^/]*"),
          )
          .join(".*")}/?$`,
      )
  if (globCache.size > 500) globCache.clear()
  globCache.set(glob, re)
  return re
}
