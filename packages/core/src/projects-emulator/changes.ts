import type { Diff, DiffEntry } from "./control-api.js"
/**
 * Checkpoint and diff of the control API: what was created, updated and deleted since a checkpoint.
 */
import { invalidValue } from "./errors.js"
import { groupCounts } from "./groups.js"
import type { Change, ChangeEntity } from "./model.js"
import type { Namespace } from "./state.js"
import { clientView, groupView, type Json, portalView, projectView, userView, webhookView } from "./views.js"
import { issueView, logView, milestoneView, tasklistView, taskView } from "./work/views.js"

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
    const ref: DiffEntry = { entity: f.entity, portal_id: f.portalId, id: f.id }
    if (f.projectId !== undefined) ref.project_id = f.projectId
    if (l.op === "deleted") {
      if (f.op !== "created") deleted.push(ref)
      continue
    }
    const data = entityView(ns, f.entity, f.portalId, f.id, f.projectId)
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
  projectId?: string,
): Json | undefined {
  const portal = ns.state.portals.get(portalId)
  if (portal === undefined) return undefined
  const p = projectId === undefined ? undefined : portal.projects.get(projectId)
  const work = p?.work
  switch (entity) {
    case "task": {
      const t = work?.tasks.get(id)
      return t === undefined || p === undefined ? undefined : taskView(ns.state, portal, p, t)
    }
    case "tasklist": {
      const l = work?.tasklists.get(id)
      return l === undefined || p === undefined ? undefined : tasklistView(portal, p, l)
    }
    case "milestone": {
      const m = work?.milestones.get(id)
      return m === undefined ? undefined : milestoneView(ns.state, portal, m)
    }
    case "issue": {
      const i = work?.issues.get(id)
      return i === undefined || p === undefined ? undefined : issueView(ns.state, portal, p, i)
    }
    case "time_log": {
      const l = work?.logs.get(id)
      return l === undefined || p === undefined ? undefined : logView(ns.state, portal, p, l)
    }
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
