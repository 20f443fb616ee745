/**
 * Accounts (one per email, across portals) and portal membership: the lookups every other module
 * resolves a caller, an owner or a user reference through.
 */
import { notFound } from "./errors.js"
import type { Account, Member, Portal, RoleName } from "./model.js"
import { lower, type Namespace } from "./state.js"

export function ensureAccount(ns: Namespace, email: string, firstName?: string, lastName?: string): Account {
  const key = lower(email)
  const existing = ns.state.accountsByEmail.get(key)
  if (existing !== undefined) {
    const account = ns.state.accounts.get(existing)
    if (account !== undefined) return account
  }
  const local = key.split("@")[0] ?? key
  const [first, ...rest] = local.split(/[._-]/)
  const cap = (s: string) => (s.length === 0 ? s : (s[0] ?? "").toUpperCase() + s.slice(1))
  const account: Account = {
    zuid: ns.state.nextZuid,
    email: key,
    firstName: firstName ?? cap(first ?? local),
    lastName: lastName ?? cap(rest.join(" ")),
  }
  ns.state.nextZuid += 13
  ns.state.accounts.set(account.zuid, account)
  ns.state.accountsByEmail.set(key, account.zuid)
  return account
}

export function accountByEmail(ns: Namespace, email: string): Account | undefined {
  const zuid = ns.state.accountsByEmail.get(lower(email))
  return zuid === undefined ? undefined : ns.state.accounts.get(zuid)
}

export function addMember(
  ns: Namespace,
  portal: Portal,
  account: Account,
  role: RoleName,
  addedTime = ns.now(),
  clientId?: string,
): Member {
  const member: Member = {
    zpuid: ns.newId(),
    zuid: account.zuid,
    email: account.email,
    role,
    isActive: true,
    addedTime,
  }
  if (clientId !== undefined) member.clientId = clientId
  portal.members.set(member.zpuid, member)
  portal.membersByZuid.set(account.zuid, member.zpuid)
  if (clientId !== undefined) {
    const client = portal.clients.get(clientId)
    if (client !== undefined) client.contactsCount++
  }
  ns.logChange("user", "created", portal.id, member.zpuid)
  return member
}

export function memberByZuid(portal: Portal, zuid: number): Member | undefined {
  const zpuid = portal.membersByZuid.get(zuid)
  return zpuid === undefined ? undefined : portal.members.get(zpuid)
}

export function memberByEmail(ns: Namespace, portal: Portal, email: string): Member | undefined {
  const account = accountByEmail(ns, email)
  return account === undefined ? undefined : memberByZuid(portal, account.zuid)
}

export function findMember(ns: Namespace, portal: Portal, idOrEmail: string): Member {
  const m = idOrEmail.includes("@") ? memberByEmail(ns, portal, idOrEmail) : portal.members.get(idOrEmail)
  if (m === undefined) throw notFound("User")
  return m
}

export function accountName(ns: Namespace, m: Member): string {
  const a = ns.state.accounts.get(m.zuid)
  return a === undefined ? "" : lower(`${a.firstName} ${a.lastName}`)
}
