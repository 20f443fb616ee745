/**
 * Clients and client users (projects-api.md §4.6, §4.7): administrators manage them; counts are kept on write.
 */
import { addMember, ensureAccount, findMember, memberByEmail } from "./accounts.js"
import { access, requireAdmin, requireStaff } from "./auth.js"
import {
  alreadyExists,
  forbidden,
  invalidValue,
  mandatoryMissing,
  notFound,
  resourceInUse,
} from "./errors.js"
import type { Client, Portal } from "./model.js"
import { projectsChanged } from "./projects/list.js"
import { type Caller, lower, type Namespace, type Query } from "./state.js"
import { personNames, removeMember } from "./users.js"
import {
  type Body,
  email as emailField,
  has,
  isPhone,
  pageInfo,
  parsePage,
  requireObject,
  slicePage,
  str,
  url as urlField,
} from "./validation.js"
import { clientView, type Json, single, userView } from "./views.js"

export function listClients(ns: Namespace, caller: Caller, portalId: string, q: Query): Json {
  const { portal, member } = access(ns, caller, portalId, "clients", "READ")
  requireStaff(member)
  const page = parsePage(q)
  const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
  let total = 0
  const items: Client[] = []
  for (const c of portal.clients.values()) {
    if (search !== undefined && !lower(c.name).includes(search)) continue
    if (total >= page.offset && items.length < page.perPage) items.push(c)
    total++
  }
  return { clients: items.map(clientView), page_info: pageInfo(page, total) }
}

export function clientById(portal: Portal, id: string): Client {
  const c = portal.clients.get(id)
  if (c === undefined) throw notFound("Client")
  return c
}

export function getClient(ns: Namespace, caller: Caller, portalId: string, id: string): Json {
  const { portal, member } = access(ns, caller, portalId, "clients", "READ")
  if (member.role === "Client" && member.clientId !== id) throw forbidden("Client users may not do this")
  return single("clients", clientView(clientById(portal, id)))
}

/** The text fields of a client a patch may clear (`null` or `""`). */
type ClientText =
  | "address"
  | "city"
  | "state"
  | "country"
  | "zipCode"
  | "email"
  | "phone"
  | "website"
  | "currencyCode"

export function clientPatch(
  portal: Portal,
  b: Body,
  existing: Client | undefined,
): Partial<Client> & { clear: ClientText[] } {
  const out: Partial<Client> & { clear: ClientText[] } = { clear: [] }
  if (existing === undefined || has(b, "name")) {
    const name = str(b, "name", { required: true, min: 1, max: 100 })
    if (typeof name === "string") {
      for (const c of portal.clients.values())
        if (c.id !== existing?.id && lower(c.name) === lower(name))
          throw alreadyExists("name", `A client named "${name}" already exists`)
      out.name = name
    }
  }
  const text: Array<[string, ClientText, number]> = [
    ["address", "address", 250],
    ["city", "city", 100],
    ["state", "state", 100],
    ["country", "country", 100],
    ["zip_code", "zipCode", 20],
  ]
  const set = (key: ClientText, v: string | null | undefined) => {
    if (v === null || v === "") out.clear.push(key)
    else if (v !== undefined) out[key] = v
  }
  for (const [f, key, max] of text) set(key, str(b, f, { max }))
  const e = has(b, "email") && b.email !== "" ? emailField(b, "email") : has(b, "email") ? null : undefined
  set("email", e)
  const phone = str(b, "phone", { max: 30 })
  if (typeof phone === "string" && phone !== "" && !isPhone(phone))
    throw invalidValue("phone", "phone must be a phone number")
  set("phone", phone)
  const site =
    has(b, "website") && b.website !== "" ? urlField(b, "website") : has(b, "website") ? null : undefined
  set("website", site)
  const currency = str(b, "currency_code", { max: 3 })
  if (typeof currency === "string" && currency !== "" && !/^[A-Za-z]{3}$/.test(currency))
    throw invalidValue("currency_code", "currency_code must be an ISO 4217 code")
  set("currencyCode", typeof currency === "string" ? currency.toUpperCase() : currency)
  return out
}

export function createClient(ns: Namespace, caller: Caller, portalId: string, body: unknown): Json {
  const { portal, member } = access(ns, caller, portalId, "clients", "CREATE")
  requireAdmin(ns, portal, member)
  const patch = clientPatch(portal, requireObject(body), undefined)
  const { clear: _clear, ...fields } = patch
  const now = ns.now()
  const c: Client = {
    id: ns.newId(),
    name: "",
    projectsCount: 0,
    contactsCount: 0,
    createdTime: now,
    modifiedTime: now,
    ...fields,
  }
  portal.clients.set(c.id, c)
  ns.logChange("client", "created", portal.id, c.id)
  return single("clients", clientView(c))
}

export function updateClient(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  id: string,
  body: unknown,
): Json {
  const { portal, member } = access(ns, caller, portalId, "clients", "UPDATE")
  requireAdmin(ns, portal, member)
  const c = clientById(portal, id)
  const { clear, ...fields } = clientPatch(portal, requireObject(body), c)
  Object.assign(c, fields)
  for (const k of clear) delete c[k]
  c.modifiedTime = ns.now()
  ns.logChange("client", "updated", portal.id, c.id)
  if (fields.name !== undefined) projectsChanged(ns, portal)
  return single("clients", clientView(c))
}

export function deleteClient(ns: Namespace, caller: Caller, portalId: string, id: string): void {
  const { portal, member } = access(ns, caller, portalId, "clients", "DELETE")
  requireAdmin(ns, portal, member)
  const c = clientById(portal, id)
  if (c.projectsCount > 0) throw resourceInUse("Projects are linked to this client")
  for (const m of [...portal.members.values()]) if (m.clientId === id) removeMember(ns, portal, m, member)
  portal.clients.delete(id)
  ns.logChange("client", "deleted", portal.id, id)
}

export function listClientUsers(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  clientId: string,
  q: Query,
): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "READ")
  requireStaff(member)
  clientById(portal, clientId)
  const page = parsePage(q)
  const list = [...portal.members.values()].filter((m) => m.clientId === clientId)
  return {
    users: slicePage(list, page).map((m) => userView(ns.state, portal, m)),
    page_info: pageInfo(page, list.length),
  }
}

export function addClientUser(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  clientId: string,
  body: unknown,
): Json {
  const { portal, member } = access(ns, caller, portalId, "users", "CREATE")
  requireAdmin(ns, portal, member)
  clientById(portal, clientId)
  const b = requireObject(body)
  const email = emailField(b, "email", true)
  if (typeof email !== "string") throw mandatoryMissing("email")
  const { firstName, lastName } = personNames(b)
  if (memberByEmail(ns, portal, email) !== undefined)
    throw alreadyExists("email", "The user is already in the portal")
  const added = addMember(
    ns,
    portal,
    ensureAccount(ns, email, firstName, lastName),
    "Client",
    ns.now(),
    clientId,
  )
  return single("users", userView(ns.state, portal, added))
}

export function removeClientUser(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  clientId: string,
  userId: string,
): void {
  const { portal, member } = access(ns, caller, portalId, "users", "DELETE")
  requireAdmin(ns, portal, member)
  clientById(portal, clientId)
  const target = findMember(ns, portal, userId)
  if (target.clientId !== clientId) throw notFound("Client user")
  removeMember(ns, portal, target, member)
}
