/**
 * Webhook subscriptions (projects-api.md §8) and the events project writes emit into the delivery queue.
 */
import { access, requireAdmin } from "./auth.js"
import { invalidValue, notFound } from "./errors.js"
import {
  DEFAULT_WEBHOOK_EVENTS,
  type Portal,
  type Project,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookEvent,
} from "./model.js"
import { hex } from "./prng.js"
import type { Caller, Namespace, Op } from "./state.js"
import { type Body, bool, requireObject, url as urlField } from "./validation.js"
import { iso, type Json, projectView, single, webhookView } from "./views.js"

export function webhookInput(b: Body, creating: boolean) {
  const url = urlField(b, "url", creating)
  let events: WebhookEvent[] | undefined
  if (b.events !== undefined && b.events !== null) {
    if (
      !Array.isArray(b.events) ||
      b.events.length === 0 ||
      !b.events.every((e) => WEBHOOK_EVENTS.includes(e))
    )
      throw invalidValue("events", `events must be a non-empty subset of ${WEBHOOK_EVENTS.join(", ")}`)
    events = [...new Set(b.events as WebhookEvent[])]
  }
  return { url: typeof url === "string" ? url : undefined, events }
}

export function createWebhook(ns: Namespace, caller: Caller, portalId: string, body: unknown): Json {
  const { portal, member } = access(ns, caller, portalId, "webhooks", "CREATE")
  requireAdmin(ns, portal, member)
  const b = requireObject(body)
  const { url, events } = webhookInput(b, true)
  let secret = `whsec_${hex(ns.state.prng, 32)}`
  if (b.secret !== undefined && b.secret !== null) {
    if (typeof b.secret !== "string" || b.secret.length < 16)
      throw invalidValue("secret", "secret must have at least 16 characters")
    secret = b.secret
  }
  const w: Webhook = {
    id: ns.newId(),
    url: url ?? "",
    events: events ?? [...DEFAULT_WEBHOOK_EVENTS],
    isActive: true,
    secret,
    createdTime: ns.now(),
  }
  portal.webhooks.set(w.id, w)
  ns.logChange("webhook", "created", portal.id, w.id)
  return single("webhooks", webhookView(w, true))
}

export function webhookAccess(ns: Namespace, caller: Caller, portalId: string, op: Op, id?: string) {
  const { portal, member } = access(ns, caller, portalId, "webhooks", op)
  requireAdmin(ns, portal, member)
  const w = id === undefined ? undefined : portal.webhooks.get(id)
  if (id !== undefined && w === undefined) throw notFound("Webhook")
  return { portal, w }
}

export function listWebhooks(ns: Namespace, caller: Caller, portalId: string): Json {
  const { portal } = webhookAccess(ns, caller, portalId, "READ")
  return { webhooks: [...portal.webhooks.values()].map((w) => webhookView(w, false)) }
}

export function getWebhook(ns: Namespace, caller: Caller, portalId: string, id: string): Json {
  const { w } = webhookAccess(ns, caller, portalId, "READ", id)
  if (w === undefined) throw notFound("Webhook")
  return single("webhooks", webhookView(w, false))
}

export function updateWebhook(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  body: unknown,
): Json {
  const { portal, w } = webhookAccess(ns, caller, portalId, "UPDATE", id)
  if (w === undefined) throw notFound("Webhook")
  const b = requireObject(body)
  const { url, events } = webhookInput(b, false)
  const active = bool(b, "is_active")
  if (url !== undefined) w.url = url
  if (events !== undefined) w.events = events
  if (active !== undefined) w.isActive = active
  ns.logChange("webhook", "updated", portal.id, w.id)
  return single("webhooks", webhookView(w, false))
}

export function deleteWebhook(ns: Namespace, caller: Caller, portalId: string, id: string): void {
  const { portal } = webhookAccess(ns, caller, portalId, "DELETE", id)
  portal.webhooks.delete(id)
  ns.state.deliveries = ns.state.deliveries.filter((d) => d.webhookId !== id)
  ns.logChange("webhook", "deleted", portal.id, id)
}

export function emit(
  ns: Namespace,
  portal: Portal,
  event: WebhookEvent,
  p: Project,
  changed: string[],
): void {
  if (portal.webhooks.size === 0) return
  emitView(ns, portal, event, { project: projectView(ns.state, portal, p) }, changed)
}

export function emitView(
  ns: Namespace,
  portal: Portal,
  event: WebhookEvent,
  data: Json,
  changed: string[],
): void {
  if (portal.webhooks.size === 0) return
  const sequence = ++portal.webhookSequence
  const eventId = `evt_${hex(ns.state.prng, 24)}`
  const body = JSON.stringify({
    id: eventId,
    event,
    portal_id: portal.id,
    occurred_at: iso(ns.now()),
    sequence,
    changed_fields: changed,
    data,
  })
  const b = ns.state.behaviors
  for (const w of portal.webhooks.values()) {
    if (!w.isActive || !w.events.includes(event)) continue
    const copies = b.webhookDuplicate ? 2 : 1
    for (let i = 0; i < copies; i++)
      ns.state.deliveries.push({
        id: `dlv_${hex(ns.state.prng, 16)}`,
        portalId: portal.id,
        webhookId: w.id,
        eventId,
        event,
        url: w.url,
        secret: w.secret,
        body,
        attempt: 1,
        dueAt: ns.now(),
        held: b.webhookOutOfOrder,
      })
  }
}
