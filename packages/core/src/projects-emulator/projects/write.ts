/**
 * Creating, updating and trashing projects (projects-api.md §4.2): permissions, the change log and the
 * webhook events each write emits.
 */
import { access, canManageProjects } from "../auth.js"
import { forbidden } from "../errors.js"
import type { Member, Portal, Project } from "../model.js"
import { type Caller, lower, type Namespace } from "../state.js"
import { requireObject } from "../validation.js"
import { type Json, projectView } from "../views.js"
import { emit, emitView } from "../webhooks.js"
import { projectsChanged, readableProject } from "./list.js"
import { applyPatch, projectPatch, setProjectClients } from "./patch.js"

/** Inserts a project keeping `projectOrder` in (created_time, id) order: time never runs backwards here. */
export function insertProject(ns: Namespace, portal: Portal, p: Project): void {
  const last = portal.projectOrder[portal.projectOrder.length - 1]
  if (last !== undefined && p.createdTime < last.createdTime) p.createdTime = last.createdTime
  if (p.modifiedTime < p.createdTime) p.modifiedTime = p.createdTime
  portal.projects.set(p.id, p)
  portal.projectOrder.push(p)
  portal.projectNames.set(lower(p.name), p.id)
  for (const id of p.clientIds) {
    const c = portal.clients.get(id)
    if (c !== undefined) c.projectsCount++
  }
  projectsChanged(ns, portal)
}

export function createProject(ns: Namespace, caller: Caller, portalId: string, body: unknown): Json {
  const { portal, member } = access(ns, caller, portalId, "projects", "CREATE")
  if (!canManageProjects(ns, portal, member))
    throw forbidden("Only administrators and managers create projects")
  const b = requireObject(body)
  const { patch, custom } = projectPatch(ns, portal, b, undefined)
  const now = ns.now()
  const defaultStatus = portal.statuses[0]?.id ?? ""
  const p: Project = {
    id: ns.newId(),
    key: `${portal.keyPrefix}-${++portal.projectCounter}`,
    name: patch.name ?? "",
    projectType: "active",
    statusId: defaultStatus,
    owner: member.zpuid,
    createdBy: member.zpuid,
    updatedBy: member.zpuid,
    createdTime: now,
    modifiedTime: now,
    isPublic: false,
    isStrict: false,
    layoutId: portal.layouts.find((l) => l.isDefault)?.id ?? "",
    clientIds: [],
    members: [member.zpuid],
    custom: {},
    percentComplete: 0,
    openTasks: 0,
    closedTasks: 0,
  }
  applyPatch(ns, portal, p, { ...patch, clientIds: undefined, name: undefined }, custom)
  if (!p.members.includes(p.owner)) p.members.push(p.owner)
  const delay = ns.state.behaviors.listDelaySeconds
  if (delay > 0) {
    p.visibleAt = now + delay * 1000
    ns.pendingVisible.add(p)
  }
  const clientIds = patch.clientIds ?? []
  insertProject(ns, portal, p)
  if (clientIds.length > 0) setProjectClients(portal, p, clientIds)
  ns.logChange("project", "created", portal.id, p.id)
  emit(ns, portal, "project.created", p, [])
  return projectView(ns.state, portal, p)
}

export function updateProject(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  body: unknown,
): Json {
  const { portal, member } = access(ns, caller, portalId, "projects", "UPDATE")
  const p = readableProject(ns, portal, member, id)
  if (!canManageProjects(ns, portal, member) && p.owner !== member.zpuid)
    throw forbidden("Only administrators, managers and the project owner edit a project")
  const { patch, custom } = projectPatch(ns, portal, requireObject(body), p)
  applyPatch(ns, portal, p, patch, custom)
  touchProject(ns, portal, p, member)
  emit(ns, portal, "project.updated", p, [...new Set(patch.changed)])
  return projectView(ns.state, portal, p)
}

export function touchProject(ns: Namespace, portal: Portal, p: Project, by: Member): void {
  p.updatedBy = by.zpuid
  p.modifiedTime = Math.max(ns.now(), p.modifiedTime)
  projectsChanged(ns, portal)
  ns.logChange("project", "updated", portal.id, p.id)
}

export function trashProject(ns: Namespace, caller: Caller, portalId: string, id: string): void {
  const { portal, member } = access(ns, caller, portalId, "projects", "DELETE")
  const p = readableProject(ns, portal, member, id)
  if (!canManageProjects(ns, portal, member))
    throw forbidden("Only administrators and managers delete projects")
  const last = projectView(ns.state, portal, p)
  portal.projects.delete(p.id)
  const i = portal.projectOrder.indexOf(p)
  if (i >= 0) portal.projectOrder.splice(i, 1)
  portal.projectNames.delete(lower(p.name))
  setProjectClients(portal, p, [])
  ns.pendingVisible.delete(p)
  projectsChanged(ns, portal)
  ns.logChange("project", "deleted", portal.id, p.id)
  emitView(ns, portal, "project.deleted", { project: last }, [])
}
