/**
 * Injected faults (latency, status, rate limit, dropped connection) matched by method and path glob,
 * and the behaviour switches of business events.
 */
import { invalidValue } from "./errors.js"
import type { Fault, FaultKind, NamespaceState } from "./model.js"
import { makePrng, nextFloat } from "./prng.js"
import type { Namespace } from "./state.js"
import { requireObject } from "./validation.js"

export function addFault(ns: Namespace, body: unknown): Fault {
  const b = requireObject(body)
  const kinds: FaultKind[] = ["latency", "status", "rate_limit", "drop"]
  if (typeof b.kind !== "string" || !kinds.includes(b.kind as FaultKind))
    throw invalidValue("kind", `kind must be one of ${kinds.join(", ")}`)
  const kind = b.kind as FaultKind
  const method = b.method === undefined ? "*" : b.method
  if (typeof method !== "string") throw invalidValue("method", "method must be a string")
  const path = b.path === undefined ? "**" : b.path
  if (typeof path !== "string" || path === "") throw invalidValue("path", "path must be a path pattern")
  const int = (f: string, dflt: number, min: number, max: number) => {
    const v = b[f]
    if (v === undefined) return dflt
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
      throw invalidValue(f, `${f} must be an integer between ${min} and ${max}`)
    return v
  }
  const probability = b.probability === undefined ? 1 : b.probability
  if (typeof probability !== "number" || probability < 0 || probability > 1)
    throw invalidValue("probability", "probability must be between 0 and 1")
  const fault: Fault = {
    id: `flt_${ns.seq()}`,
    kind,
    method: method.toUpperCase(),
    path,
    latencyMs: int("latency_ms", kind === "latency" ? 1000 : 0, 0, 600_000),
    status: int("status", kind === "rate_limit" ? 429 : 500, 100, 599),
    retryAfter: int("retry_after", 60, 0, 86_400),
    probability,
    hits: 0,
  }
  if (b.count !== undefined) fault.remaining = int("count", 1, 1, 1_000_000)
  if (b.seed !== undefined) ns.state.faultPrng = makePrng(int("seed", 0, 0, 2 ** 32 - 1))
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
