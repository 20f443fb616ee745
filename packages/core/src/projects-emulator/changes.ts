import type { Diff, DiffEntry } from "./control-api.js"
/**
 * Checkpoint and diff of the control API: what was created, updated and deleted since a checkpoint.
 */
import { invalidValue } from "./errors.js"
import { groupCounts } from "./groups.js"
import type { Change, ChangeEntity } from "./model.js"
import type { Namespace } from "./state.js"
import { clientView, groupView, type Json, portalView, projectView, userView, webhookView } from "./views.js"

export function checkpoint(ns: Namespace): string {
  return String(ns.seq())
}

export function diff(ns: Namespace, since: string): Diff {
  if (!/^\d+$/.test(since))
    throw invalidValue("since", "since must be a checkpoint returned by POST /__mock/checkpoint")
  const from = Number(since)
  const first = new Map<string, Change>()
  const last = new Map<string, Change>()
  for (const c of ns.state.changes) {
    if (c.seq <= from) continue
    const k = `${c.entity}|${c.portalId}|${c.id}`
    if (!first.has(k)) first.set(k, c)
    last.set(k, c)
  }
  const created: DiffEntry[] = []
  const updated: DiffEntry[] = []
  const deleted: DiffEntry[] = []
  for (const [k, f] of first) {
    const l = last.get(k) ?? f
    const ref = { entity: f.entity, portal_id: f.portalId, id: f.id }
    if (l.op === "deleted") {
      if (f.op !== "created") deleted.push(ref)
      continue
    }
    const data = entityView(ns, f.entity, f.portalId, f.id)
    if (data === undefined) continue
    ;(f.op === "created" ? created : updated).push({ ...ref, data })
  }
  return { since, checkpoint: String(ns.state.nextSeq - 1), created, updated, deleted }
}

export function entityView(
  ns: Namespace,
  entity: ChangeEntity,
  portalId: string,
  id: string,
): Json | undefined {
  const portal = ns.state.portals.get(portalId)
  if (portal === undefined) return undefined
  switch (entity) {
    case "portal":
      return portalView(ns.state, portal, undefined, false)
    case "project": {
      const p = portal.projects.get(id)
      return p === undefined ? undefined : projectView(ns.state, portal, p)
    }
    case "client": {
      const c = portal.clients.get(id)
      return c === undefined ? undefined : clientView(c)
    }
    case "user": {
      const m = portal.members.get(id)
      return m === undefined ? undefined : userView(ns.state, portal, m)
    }
    case "group": {
      const g = portal.groups.get(id)
      return g === undefined ? undefined : groupView(g, groupCounts(portal).get(id) ?? 0)
    }
    case "webhook": {
      const w = portal.webhooks.get(id)
      return w === undefined ? undefined : webhookView(w, false)
    }
  }
}
