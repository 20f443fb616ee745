/**
 * Project users (projects-api.md §4.5) and the clients linked to a project: administrators and managers
 * manage both, anyone who reads the project reads them.
 */
import { findMember, memberByEmail } from "../accounts.js"
import { access, canManageProjects } from "../auth.js"
import {
  alreadyExists,
  forbidden,
  invalidValue,
  mandatoryMissing,
  notFound,
  resourceInUse,
} from "../errors.js"
import type { Member } from "../model.js"
import type { Caller, Namespace, Op, Query, ScopeModule } from "../state.js"
import { email as emailField, pageInfo, parsePage, refId, requireObject, slicePage } from "../validation.js"
import { clientView, type Json, single, userView } from "../views.js"
import { emit } from "../webhooks.js"
import { projectById, readableProject } from "./list.js"
import { setProjectClients } from "./patch.js"
import { touchProject } from "./write.js"

export function listProjectUsers(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  q: Query,
): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "READ")
  const p = readableProject(ns, portal, member, id)
  const page = parsePage(q)
  const members = p.members.flatMap((z) => {
    const m = portal.members.get(z)
    return m === undefined ? [] : [m]
  })
  return {
    users: slicePage(members, page).map((m) => userView(ns.state, portal, m)),
    page_info: pageInfo(page, members.length),
  }
}

export function getProjectUser(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  userId: string,
): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "READ")
  const p = readableProject(ns, portal, member, id)
  const m = findMember(ns, portal, userId)
  if (!p.members.includes(m.zpuid)) throw notFound("Project user")
  return single("users", userView(ns.state, portal, m))
}

/** Project users and client links: administrators and managers only (§3.2). */
export function managedProject(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  module: ScopeModule,
  op: Op,
) {
  const { portal, member } = access(ns, caller, portalId, module, op)
  const p = projectById(portal, id)
  if (!canManageProjects(ns, portal, member))
    throw forbidden(
      `Only administrators and managers manage project ${module === "users" ? "users" : "clients"}`,
    )
  return { portal, member, p }
}

export function addProjectUser(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  body: unknown,
): Json {
  const { portal, member, p } = managedProject(ns, caller, portalId, id, "users", "CREATE")
  const b = requireObject(body)
  let target: Member | undefined
  if (b.user_id !== undefined && b.user_id !== null) {
    target = portal.members.get(refId("user_id", b.user_id))
    if (target === undefined) throw invalidValue("user_id", "user_id is not a user of this portal")
  } else {
    const e = emailField(b, "email")
    if (typeof e !== "string") throw mandatoryMissing("user_id")
    target = memberByEmail(ns, portal, e)
    if (target === undefined) throw invalidValue("email", "email is not a user of this portal")
  }
  if (!target.isActive) throw invalidValue("user_id", "the user is inactive")
  if (p.members.includes(target.zpuid))
    throw alreadyExists("user_id", "The user is already a member of this project")
  p.members.push(target.zpuid)
  touchProject(ns, portal, p, member)
  emit(ns, portal, "project.updated", p, ["users"])
  return single("users", userView(ns.state, portal, target))
}

export function removeProjectUser(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  userId: string,
): void {
  const { portal, member, p } = managedProject(ns, caller, portalId, id, "users", "DELETE")
  const target = findMember(ns, portal, userId)
  const i = p.members.indexOf(target.zpuid)
  if (i < 0) throw notFound("Project user")
  if (p.owner === target.zpuid) throw resourceInUse("The project owner cannot be removed from the project")
  p.members.splice(i, 1)
  touchProject(ns, portal, p, member)
  emit(ns, portal, "project.updated", p, ["users"])
}

export function listProjectClients(ns: Namespace, caller: Caller, portalId: string, id: string): Json {
  const { portal, member } = access(ns, caller, portalId, "clients", "READ")
  const p = readableProject(ns, portal, member, id)
  return {
    clients: p.clientIds.flatMap((c) => {
      const client = portal.clients.get(c)
      return client === undefined ? [] : [clientView(client)]
    }),
  }
}

export function linkProjectClient(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  body: unknown,
): Json {
  const { portal, member, p } = managedProject(ns, caller, portalId, id, "clients", "CREATE")
  const b = requireObject(body)
  if (b.client_id === undefined || b.client_id === null) throw mandatoryMissing("client_id")
  const clientId = refId("client_id", b.client_id)
  const client = portal.clients.get(clientId)
  if (client === undefined) throw invalidValue("client_id", "client_id is not a client of this portal")
  if (p.clientIds.includes(clientId))
    throw alreadyExists("client_id", "The client is already linked to this project")
  setProjectClients(portal, p, [...p.clientIds, clientId])
  touchProject(ns, portal, p, member)
  emit(ns, portal, "project.updated", p, ["clients"])
  return single("clients", clientView(client))
}

export function unlinkProjectClient(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  clientId: string,
): void {
  const { portal, member, p } = managedProject(ns, caller, portalId, id, "clients", "DELETE")
  if (!p.clientIds.includes(clientId)) throw notFound("Project client")
  setProjectClients(
    portal,
    p,
    p.clientIds.filter((c) => c !== clientId),
  )
  touchProject(ns, portal, p, member)
  emit(ns, portal, "project.updated", p, ["clients"])
}
