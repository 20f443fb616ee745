/**
 * Project groups (projects-api.md §4.8).
 */
import { access, canManageProjects } from "./auth.js"
import { alreadyExists, forbidden, mandatoryMissing, notFound } from "./errors.js"
import type { Portal } from "./model.js"
import { type Caller, lower, type Namespace, type Query } from "./state.js"
import { pageInfo, parsePage, requireObject, slicePage, str } from "./validation.js"
import { groupView, type Json, single } from "./views.js"

export function groupCounts(portal: Portal): Map<string, number> {
  const counts = new Map<string, number>()
  for (const p of portal.projectOrder)
    if (p.groupId !== undefined) counts.set(p.groupId, (counts.get(p.groupId) ?? 0) + 1)
  return counts
}

export function listGroups(ns: Namespace, caller: Caller, portalId: string, q: Query): Json {
  const { portal } = access(ns, caller, portalId, "projects", "READ")
  const page = parsePage(q)
  const counts = groupCounts(portal)
  const list = [...portal.groups.values()]
  return {
    groups: slicePage(list, page).map((g) => groupView(g, counts.get(g.id) ?? 0)),
    page_info: pageInfo(page, list.length),
  }
}

export function getGroup(ns: Namespace, caller: Caller, portalId: string, id: string): Json {
  const { portal } = access(ns, caller, portalId, "projects", "READ")
  const g = portal.groups.get(id)
  if (g === undefined) throw notFound("Group")
  return single("groups", groupView(g, groupCounts(portal).get(id) ?? 0))
}

export function createGroup(ns: Namespace, caller: Caller, portalId: string, body: unknown): Json {
  const { portal, member } = access(ns, caller, portalId, "projects", "CREATE")
  if (!canManageProjects(ns, portal, member))
    throw forbidden("Only administrators and managers create groups")
  const name = str(requireObject(body), "name", { required: true, min: 1, max: 100 })
  if (typeof name !== "string") throw mandatoryMissing("name")
  for (const g of portal.groups.values())
    if (lower(g.name) === lower(name)) throw alreadyExists("name", `A group named "${name}" already exists`)
  const g = { id: ns.newId(), name, createdTime: ns.now() }
  portal.groups.set(g.id, g)
  ns.logChange("group", "created", portal.id, g.id)
  return single("groups", groupView(g, 0))
}
