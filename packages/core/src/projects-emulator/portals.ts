/**
 * Portals (projects-api.md §4.1): creation with their roles, statuses, fields and default layout, the
 * caller's portals, and the ownership transfer business event.
 */
import { addMember, ensureAccount, memberByZuid } from "./accounts.js"
import { access, keyValidFor, requireScope } from "./auth.js"
import { invalidOAuthToken, invalidValue, notFound } from "./errors.js"
import { type Account, type FieldDef, type Member, type Portal, ROLES, type RoleName } from "./model.js"
import type { Caller, Namespace, Query } from "./state.js"
import { isEmail, parsePage, requireObject, slicePage, str } from "./validation.js"
import { type Json, portalView } from "./views.js"

export function createPortalFor(
  ns: Namespace,
  owner: Account,
  name: string,
  orgName?: string,
  createdTime = ns.now(),
): Portal {
  const id = String(ns.state.nextPortalId)
  ns.state.nextPortalId += 1000
  const roleIds = {} as Record<RoleName, string>
  const profileIds = {} as Record<RoleName, string>
  for (const r of ROLES) roleIds[r] = ns.newId()
  for (const r of ROLES) profileIds[r] = ns.newId()
  const layoutId = ns.newId()
  const statuses = [
    { name: "Active", color: "#2cc8ba", isClosed: false },
    { name: "In Progress", color: "#08aeea", isClosed: false },
    { name: "On Hold", color: "#fbc11e", isClosed: false },
    { name: "Completed", color: "#5ac64b", isClosed: true },
    { name: "Cancelled", color: "#f56b62", isClosed: true },
  ].map((s) => ({ id: ns.newId(), ...s }))
  const standard: Array<[string, string, FieldDef["fieldType"], boolean]> = [
    ["Project Name", "name", "text", true],
    ["Description", "description", "multiline", false],
    ["Owner", "owner", "user_picklist", false],
    ["Status", "status", "picklist", false],
    ["Start Date", "start_date", "date", false],
    ["End Date", "end_date", "date", false],
    ["Project Group", "project_group", "picklist", false],
  ]
  const fields: FieldDef[] = standard.map(([label, apiName, fieldType, mandatory], i) => ({
    id: ns.newId(),
    name: label,
    apiName,
    fieldType,
    isCustom: false,
    isMandatory: mandatory,
    sequence: i + 1,
    ...(fieldType === "text" ? { maxLength: 200 } : {}),
    ...(apiName === "status"
      ? { pickListValues: statuses.map((s, j) => ({ id: s.id, value: s.name, sequence: j + 1 })) }
      : {}),
    layoutIds: [layoutId],
  }))
  const portal: Portal = {
    id,
    name,
    orgName,
    ownerZpuid: "",
    timeZone: "Europe/Paris",
    plan: "Enterprise",
    createdTime,
    keyPrefix: (name.replace(/[^A-Za-z]/g, "").slice(0, 2) || "PR").toUpperCase(),
    projectCounter: 0,
    moduleId: ns.newId(),
    roleIds,
    profileIds,
    members: new Map(),
    membersByZuid: new Map(),
    projectNames: new Map(),
    clients: new Map(),
    projects: new Map(),
    projectOrder: [],
    groups: new Map(),
    fields,
    layouts: [
      {
        id: layoutId,
        name: "Standard Layout",
        isDefault: true,
        sections: [{ id: ns.newId(), name: "Project Information", fields: fields.map((f) => f.apiName) }],
      },
    ],
    statuses,
    webhooks: new Map(),
    webhookSequence: 0,
    revokedKeyEmails: [],
  }
  if (orgName === undefined) delete portal.orgName
  ns.state.portals.set(id, portal)
  const ownerMember = addMember(ns, portal, owner, "Administrator", createdTime)
  portal.ownerZpuid = ownerMember.zpuid
  ns.logChange("portal", "created", id, id)
  return portal
}

export function portalById(ns: Namespace, id: string): Portal {
  const portal = ns.state.portals.get(id)
  if (portal === undefined) throw notFound("Portal")
  return portal
}

export function callerPortals(ns: Namespace, caller: Caller): Array<{ portal: Portal; member: Member }> {
  const out: Array<{ portal: Portal; member: Member }> = []
  for (const portal of ns.state.portals.values()) {
    const member = memberByZuid(portal, caller.zuid)
    if (member === undefined || !member.isActive) continue
    if (caller.via === "key" && !keyValidFor(ns, portal, caller.email)) continue
    out.push({ portal, member })
  }
  return out
}

/** §4.1 + §5: a bare array, paged like `/projects` (a short page is the last). */
export function listPortals(ns: Namespace, caller: Caller, q: Query = {}): Json[] {
  requireScope(caller, "portals", "READ")
  const page = parsePage(q)
  const mine = callerPortals(ns, caller)
  const first = mine[0]?.portal.id
  return slicePage(mine, page).map(({ portal, member }) =>
    portalView(ns.state, portal, member, portal.id === first),
  )
}

export function getPortal(ns: Namespace, caller: Caller, portalId: string): Json {
  const { portal, member } = access(ns, caller, portalId, "portals", "READ")
  return portalView(ns.state, portal, member, callerPortals(ns, caller)[0]?.portal.id === portal.id)
}

export function createPortal(ns: Namespace, caller: Caller, body: unknown): Json {
  requireScope(caller, "portals", "CREATE")
  const b = requireObject(body)
  const name = str(b, "name", { required: true, min: 1, max: 100 })
  const orgName = str(b, "org_name", { max: 100 })
  const account = ns.state.accounts.get(caller.zuid)
  if (account === undefined || typeof name !== "string") throw invalidOAuthToken("Unknown caller")
  const portal = createPortalFor(ns, account, name, orgName ?? undefined)
  return portalView(ns.state, portal, memberByZuid(portal, caller.zuid), false)
}

export function transferPortal(ns: Namespace, portalId: string, newOwnerEmail: string): Json {
  if (!isEmail(newOwnerEmail)) throw invalidValue("email", "email must be a valid email address")
  const portal = portalById(ns, portalId)
  const previous = portal.members.get(portal.ownerZpuid)
  const account = ensureAccount(ns, newOwnerEmail)
  let member = memberByZuid(portal, account.zuid)
  if (member === undefined) member = addMember(ns, portal, account, "Administrator")
  else {
    member.role = "Administrator"
    member.isActive = true
    delete member.clientId
    ns.logChange("user", "updated", portal.id, member.zpuid)
  }
  portal.ownerZpuid = member.zpuid
  portal.revokedKeyEmails = portal.revokedKeyEmails.filter((e) => e !== account.email)
  if (previous !== undefined && previous.zuid !== account.zuid) portal.revokedKeyEmails.push(previous.email)
  ns.logChange("portal", "updated", portal.id, portal.id)
  return portalView(ns.state, portal, member, false)
}
