/**
 * The webhook delivery queue: the server takes due deliveries, sends them and reports each outcome; a
 * failure is retried on the §8 schedule of the mock clock.
 */
import { journal } from "./journal.js"
import type { PendingDelivery } from "./model.js"
import { type Namespace, WEBHOOK_BACKOFF_MS } from "./state.js"

/** Deliveries due now, removed from the queue; the server sends them and reports each outcome. */
export function takeDueDeliveries(ns: Namespace): PendingDelivery[] {
  const now = ns.now()
  const due: PendingDelivery[] = []
  const rest: PendingDelivery[] = []
  for (const d of ns.state.deliveries) (d.dueAt <= now && !d.held ? due : rest).push(d)
  ns.state.deliveries = rest
  return due
}

/** Out-of-order event: held deliveries go out newest first. */
export function releaseHeldDeliveries(ns: Namespace): number {
  const held = ns.state.deliveries.filter((d) => d.held)
  const rest = ns.state.deliveries.filter((d) => !d.held)
  held.reverse()
  for (const d of held) d.held = false
  ns.state.deliveries = [...held, ...rest]
  return held.length
}

export function pendingDeliveries(ns: Namespace): number {
  return ns.state.deliveries.length
}

export function completeDelivery(
  ns: Namespace,
  d: PendingDelivery,
  outcome: { status?: number; error?: string },
): void {
  const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300
  const retryIn = WEBHOOK_BACKOFF_MS[d.attempt - 1]
  const next = ok ? "delivered" : retryIn === undefined ? "dropped" : "retry"
  journal(ns, {
    type: "webhook",
    method: "POST",
    path: new URL(d.url).pathname,
    url: d.url,
    portalId: d.portalId,
    webhookId: d.webhookId,
    eventId: d.eventId,
    event: d.event,
    attempt: d.attempt,
    outcome: next,
    ...(outcome.status === undefined ? {} : { status: outcome.status }),
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
  })
  if (next === "retry" && retryIn !== undefined)
    ns.state.deliveries.push({ ...d, attempt: d.attempt + 1, dueAt: ns.now() + retryIn, held: false })
}
