/**
 * Portal users and roles (projects-api.md §4.4, §4.7): list, add, update, remove (owned projects pass to
 * the portal owner), and the `user.already_present` business event.
 */
import { accountName, addMember, ensureAccount, findMember, memberByEmail, memberByZuid } from "./accounts.js"
import { access, requireAdmin, requireStaff } from "./auth.js"
import { alreadyExists, forbidden, invalidValue, mandatoryMissing, notFound } from "./errors.js"
import { type Member, type Portal, ROLES, type RoleName, roleType } from "./model.js"
import { portalById } from "./portals.js"
import { touchProject } from "./projects/write.js"
import { type Caller, lower, type Namespace, type Query } from "./state.js"
import {
  type Body,
  bool,
  compareIds,
  email as emailField,
  isEmail,
  pageInfo,
  parsePage,
  refId,
  requireObject,
  slicePage,
  str,
} from "./validation.js"
import { type Json, roleView, single, userView } from "./views.js"
import { emit } from "./webhooks.js"

export function listUsers(ns: Namespace, caller: Caller, portalId: string, q: Query): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "READ")
  requireStaff(member)
  const page = parsePage(q)
  const type = q.type ?? "0"
  if (!["0", "1", "2"].includes(type)) throw invalidValue("type", "type must be 0, 1 or 2")
  const view = q.view_type ?? "active"
  if (!["active", "inactive", "all"].includes(view))
    throw invalidValue("view_type", "view_type must be active, inactive or all")
  const ids = q.ids === undefined ? undefined : new Set(q.ids.split(",").map((s) => s.trim()))
  const companies =
    q.company_ids === undefined ? undefined : new Set(q.company_ids.split(",").map((s) => s.trim()))
  const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
  let sortDir: 1 | -1 | 0 = 0
  if (q.sort !== undefined) {
    const [c, o = "asc"] = q.sort.split(":")
    if (c !== "alphabetical" || !["asc", "desc"].includes(o))
      throw invalidValue("sort", "sort must be alphabetical:asc|desc")
    sortDir = o === "asc" ? 1 : -1
  }
  let list: Member[] = []
  for (const m of portal.members.values()) {
    if (type === "1" && m.role === "Client") continue
    if (type === "2" && m.role !== "Client") continue
    if (view === "active" && !m.isActive) continue
    if (view === "inactive" && m.isActive) continue
    if (ids !== undefined && !ids.has(m.zpuid)) continue
    if (companies !== undefined && (m.clientId === undefined || !companies.has(m.clientId))) continue
    if (search !== undefined && !m.email.includes(search) && !accountName(ns, m).includes(search)) continue
    list.push(m)
  }
  if (sortDir !== 0) {
    const names = new Map(list.map((m) => [m, accountName(ns, m)]))
    list = list.sort((a, b) => {
      const x = names.get(a) ?? ""
      const y = names.get(b) ?? ""
      return (x < y ? -1 : x > y ? 1 : compareIds(a.zpuid, b.zpuid)) * sortDir
    })
  }
  return {
    users: slicePage(list, page).map((m) => userView(ns.state, portal, m)),
    page_info: pageInfo(page, list.length),
  }
}

export function getUser(ns: Namespace, caller: Caller, portalId: string, userId: string): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "READ")
  const target = findMember(ns, portal, userId)
  if (member.role === "Client" && target.zpuid !== member.zpuid)
    throw forbidden("Client users may not do this")
  return single("users", userView(ns.state, portal, target))
}

export function parseRole(portal: Portal, b: Body): RoleName | undefined {
  if (b.role !== undefined && b.role !== null) {
    const raw = b.role
    const name =
      typeof raw === "string"
        ? raw
        : typeof raw === "object" && !Array.isArray(raw) && typeof (raw as Body).name === "string"
          ? ((raw as Body).name as string)
          : undefined
    const role = ROLES.find(
      (r) => name !== undefined && (lower(r) === lower(name) || roleType(r) === lower(name)),
    )
    if (role === undefined || role === "Client")
      throw invalidValue(
        "role",
        "role must be Administrator, Manager, Employee or Contractor (client users: /clients/{id}/users)",
      )
    return role
  }
  for (const f of ["role_id", "profile_id"] as const) {
    if (b[f] === undefined || b[f] === null) continue
    const id = refId(f, b[f])
    const ids = f === "role_id" ? portal.roleIds : portal.profileIds
    const role = ROLES.find((r) => ids[r] === id)
    if (role === undefined || role === "Client") throw invalidValue(f, `${f} is not a portal role`)
    return role
  }
  return undefined
}

export function personNames(b: Body) {
  const first = str(b, "first_name", { max: 100 })
  const last = str(b, "last_name", { max: 100 })
  const display = str(b, "name", { max: 200 })
  let firstName = typeof first === "string" ? first : undefined
  let lastName = typeof last === "string" ? last : undefined
  if (firstName === undefined && lastName === undefined && typeof display === "string") {
    const [f, ...rest] = display.split(/\s+/)
    firstName = f
    lastName = rest.join(" ")
  }
  return { firstName, lastName }
}

export function addUser(ns: Namespace, caller: Caller, portalId: string, body: unknown): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "CREATE")
  requireAdmin(ns, portal, member)
  const b = requireObject(body)
  const email = emailField(b, "email", true)
  if (typeof email !== "string") throw mandatoryMissing("email")
  const role = parseRole(portal, b) ?? "Employee"
  const { firstName, lastName } = personNames(b)
  const projectIds: string[] = []
  if (b.project_ids !== undefined && b.project_ids !== null) {
    const raw = typeof b.project_ids === "string" ? b.project_ids.split(",") : b.project_ids
    if (!Array.isArray(raw)) throw invalidValue("project_ids", "project_ids must be a list of ids")
    for (const r of raw) {
      const id = refId("project_ids", typeof r === "string" ? r.trim() : r)
      if (!portal.projects.has(id)) throw invalidValue("project_ids", `project ${id} does not exist`)
      projectIds.push(id)
    }
  }
  if (memberByEmail(ns, portal, email) !== undefined)
    throw alreadyExists("email", "The user is already in the portal")
  const account = ensureAccount(ns, email, firstName, lastName)
  const added = addMember(ns, portal, account, role)
  for (const id of projectIds) {
    const p = portal.projects.get(id)
    if (p !== undefined && !p.members.includes(added.zpuid)) {
      p.members.push(added.zpuid)
      touchProject(ns, portal, p, member)
      emit(ns, portal, "project.updated", p, ["users"])
    }
  }
  return single("users", userView(ns.state, portal, added))
}

export function updateUser(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  userId: string,
  body: unknown,
): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "UPDATE")
  requireAdmin(ns, portal, member)
  const target = findMember(ns, portal, userId)
  const b = requireObject(body)
  const role = target.role === "Client" ? undefined : parseRole(portal, b)
  const active = bool(b, "is_active") ?? bool(b, "active")
  const { firstName, lastName } = personNames(b)
  if (
    target.zpuid === portal.ownerZpuid &&
    ((role !== undefined && role !== "Administrator") || active === false)
  )
    throw forbidden("The portal owner stays an active administrator")
  if (role !== undefined) target.role = role
  if (active !== undefined) target.isActive = active
  const account = ns.state.accounts.get(target.zuid)
  if (account !== undefined) {
    if (firstName !== undefined) account.firstName = firstName
    if (lastName !== undefined) account.lastName = lastName
  }
  ns.logChange("user", "updated", portal.id, target.zpuid)
  return single("users", userView(ns.state, portal, target))
}

export function removeUser(ns: Namespace, caller: Caller, portalId: string, userId: string): void {
  const { portal, member } = access(ns, caller, portalId, "users", "DELETE")
  requireAdmin(ns, portal, member)
  const target = findMember(ns, portal, userId)
  removeMember(ns, portal, target, member)
}

export function removeMember(ns: Namespace, portal: Portal, target: Member, by: Member): void {
  if (target.zpuid === portal.ownerZpuid) throw forbidden("The portal owner cannot be removed")
  // Projects the user owned pass to the portal owner, as the real service asks an admin to reassign them.
  for (const p of portal.projectOrder) {
    const i = p.members.indexOf(target.zpuid)
    if (i < 0 && p.owner !== target.zpuid) continue
    if (i >= 0) p.members.splice(i, 1)
    if (p.owner === target.zpuid) {
      p.owner = portal.ownerZpuid
      if (!p.members.includes(p.owner)) p.members.push(p.owner)
    }
    touchProject(ns, portal, p, by)
    emit(ns, portal, "project.updated", p, ["users"])
  }
  portal.members.delete(target.zpuid)
  portal.membersByZuid.delete(target.zuid)
  if (target.clientId !== undefined) {
    const c = portal.clients.get(target.clientId)
    if (c !== undefined) c.contactsCount--
  }
  ns.logChange("user", "deleted", portal.id, target.zpuid)
}

export function roles(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  kind: "roles" | "profiles",
  id?: string,
): Json {
  const { portal } = access(ns, caller, portalId, "users", "READ")
  const view = (r: RoleName) => roleView(portal, r, kind)
  if (id === undefined) return { [kind]: ROLES.map(view) }
  const ids = kind === "roles" ? portal.roleIds : portal.profileIds
  const role = ROLES.find((r) => ids[r] === id)
  if (role === undefined) throw notFound(kind === "roles" ? "Role" : "Profile")
  return single(kind, view(role))
}

/** Business event: the user is (now) in the portal with this role, whatever the integration expects. */
export function placeUser(ns: Namespace, portalId: string, email: string, role: RoleName): Json {
  const portal = portalById(ns, portalId)
  if (!isEmail(email)) throw invalidValue("email", "email must be a valid email address")
  const account = ensureAccount(ns, email)
  let m = memberByZuid(portal, account.zuid)
  if (m === undefined) m = addMember(ns, portal, account, role)
  else if (m.zpuid !== portal.ownerZpuid) {
    m.role = role
    m.isActive = true
    ns.logChange("user", "updated", portal.id, m.zpuid)
  }
  return userView(ns.state, portal, m)
}
