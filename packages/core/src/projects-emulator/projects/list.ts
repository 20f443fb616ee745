/**
 * Reading projects (projects-api.md §4.2, §5): pages over per-portal sorted lists cached until the next
 * project write, visibility by role, and the eventual-consistency delay.
 */
import { findMember } from "../accounts.js"
import { access, canManageProjects, canReadProject } from "../auth.js"
import { forbidden, invalidValue, notFound } from "../errors.js"
import type { Member, Portal, Project } from "../model.js"
import {
  type Caller,
  lower,
  type Namespace,
  type Query,
  SORT_COLUMNS,
  type SortColumn,
  STATUS_FILTERS,
  type StatusFilter,
} from "../state.js"
import { compareIds, pageInfo, parsePage, slicePage } from "../validation.js"
import { type Json, projectView } from "../views.js"

export function sortedProjects(
  ns: Namespace,
  portal: Portal,
  status: StatusFilter,
  column: SortColumn,
): Project[] {
  let cache = ns.sorted.get(portal)
  if (cache === undefined) {
    cache = new Map()
    ns.sorted.set(portal, cache)
  }
  const key = `${status}|${column}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  // projectOrder is kept in (created_time, id) order, so the default sort is a filter, not a sort.
  let list =
    status === "all"
      ? portal.projectOrder.slice()
      : portal.projectOrder.filter((p) => p.projectType === status)
  if (column === "last_modified_time")
    list = list.sort((a, b) => a.modifiedTime - b.modifiedTime || compareIds(a.id, b.id))
  else if (column === "name") {
    const names = new Map(list.map((p) => [p, lower(p.name)]))
    list = list.sort((a, b) => {
      const x = names.get(a) ?? ""
      const y = names.get(b) ?? ""
      return x < y ? -1 : x > y ? 1 : compareIds(a.id, b.id)
    })
  }
  cache.set(key, list)
  return list
}

export function projectsChanged(ns: Namespace, portal: Portal): void {
  ns.sorted.delete(portal)
}

export function parseProjectSort(q: Query): { column: SortColumn; descending: boolean } {
  let column: string = q.sort_column ?? "created_time"
  let order: string = q.sort_order ?? "descending"
  if (q.sort !== undefined) {
    const [c, o] = q.sort.split(":")
    column = c ?? column
    order = o ?? "desc"
  }
  if (column === "modified_time") column = "last_modified_time"
  if (!SORT_COLUMNS.includes(column as SortColumn))
    throw invalidValue(
      q.sort !== undefined ? "sort" : "sort_column",
      `sort column must be one of ${SORT_COLUMNS.join(", ")}`,
    )
  const o = lower(order)
  if (!["ascending", "asc", "descending", "desc"].includes(o))
    throw invalidValue(
      q.sort !== undefined ? "sort" : "sort_order",
      "sort order must be ascending or descending",
    )
  return { column: column as SortColumn, descending: o.startsWith("desc") }
}

export function listProjects(ns: Namespace, caller: Caller, portalId: string, q: Query): Json[] {
  const { portal, member } = access(ns, caller, portalId, "projects", "READ")
  const page = parsePage(q)
  const statusRaw = q.status ?? q.status_type ?? "active"
  if (!STATUS_FILTERS.includes(statusRaw as StatusFilter))
    throw invalidValue(
      q.status !== undefined ? "status" : "status_type",
      "status must be active, archived, template or all",
    )
  const { column, descending } = parseProjectSort(q)
  let since: number | undefined
  if (q.last_modified_time !== undefined) {
    if (!/^\d+$/.test(q.last_modified_time))
      throw invalidValue("last_modified_time", "last_modified_time must be epoch milliseconds")
    since = Number(q.last_modified_time)
  }
  const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
  const base = sortedProjects(ns, portal, statusRaw as StatusFilter, column)
  const hidden = hiddenProjects(ns)
  const restricted = !canManageProjects(ns, portal, member)
  const filtered = since !== undefined || search !== undefined || hidden.size > 0 || restricted
  const pageItems: Project[] = []
  if (!filtered) {
    for (let i = page.offset; i < page.offset + page.perPage && i < base.length; i++) {
      const p = base[descending ? base.length - 1 - i : i]
      if (p !== undefined) pageItems.push(p)
    }
  } else {
    let skipped = 0
    const n = base.length
    for (let k = 0; k < n && pageItems.length < page.perPage; k++) {
      const p = base[descending ? n - 1 - k : k]
      if (p === undefined) continue
      if (since !== undefined && p.modifiedTime < since) continue
      if (search !== undefined && !lower(p.name).includes(search)) continue
      if (hidden.has(p)) continue
      if (restricted && !canReadProject(ns, portal, member, p)) continue
      if (skipped < page.offset) skipped++
      else pageItems.push(p)
    }
  }
  return pageItems.map((p) => projectView(ns.state, portal, p))
}

export function hiddenProjects(ns: Namespace): Set<Project> {
  if (ns.pendingVisible.size === 0) return ns.pendingVisible
  const now = ns.now()
  for (const p of ns.pendingVisible) if ((p.visibleAt ?? 0) <= now) ns.pendingVisible.delete(p)
  return ns.pendingVisible
}

export function projectById(portal: Portal, id: string): Project {
  const p = portal.projects.get(id)
  if (p === undefined) throw notFound("Project")
  return p
}

export function readableProject(ns: Namespace, portal: Portal, member: Member, id: string): Project {
  const p = projectById(portal, id)
  if (!canReadProject(ns, portal, member, p)) throw forbidden("You are not a member of this project")
  return p
}

export function getProject(ns: Namespace, caller: Caller, portalId: string, id: string): Json {
  const { portal, member } = access(ns, caller, portalId, "projects", "READ")
  return projectView(ns.state, portal, readableProject(ns, portal, member, id))
}

export function projectsPage(
  ns: Namespace,
  portal: Portal,
  member: Member,
  q: Query,
  keep: (p: Project) => boolean,
): Json {
  const page = parsePage(q)
  const { column, descending } = parseProjectSort(q)
  const status = (q.status ?? q.status_type ?? "all") as StatusFilter
  if (!STATUS_FILTERS.includes(status))
    throw invalidValue("status", "status must be active, archived, template or all")
  const base = sortedProjects(ns, portal, status, column)
  const all: Project[] = []
  for (let k = 0; k < base.length; k++) {
    const p = base[descending ? base.length - 1 - k : k]
    if (p !== undefined && keep(p) && canReadProject(ns, portal, member, p)) all.push(p)
  }
  return {
    projects: slicePage(all, page).map((p) => projectView(ns.state, portal, p)),
    page_info: pageInfo(page, all.length),
  }
}

export function userProjects(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  userId: string,
  q: Query,
): Json {
  const { portal, member } = access(ns, caller, portalId, "projects", "READ")
  const target = findMember(ns, portal, userId)
  return projectsPage(ns, portal, member, q, (p) => p.members.includes(target.zpuid))
}

export function clientProjects(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  clientId: string,
  q: Query,
): Json {
  const { portal, member } = access(ns, caller, portalId, "projects", "READ")
  if (!portal.clients.has(clientId)) throw notFound("Client")
  return projectsPage(ns, portal, member, q, (p) => p.clientIds.includes(clientId))
}
