/**
 * Who is calling and what they may do (projects-api.md §3, roles in README): OAuth tokens or service keys,
 * scopes, then portal membership and role — answered in the order the real service answers.
 */
import { accountByEmail, memberByEmail, memberByZuid } from "./accounts.js"
import { forbidden, invalidKey, invalidOAuthScope, invalidOAuthToken } from "./errors.js"
import type { Member, Portal, Project } from "./model.js"
import { portalById } from "./portals.js"
import { type Caller, type Credentials, lower, type Namespace, type Op, type ScopeModule } from "./state.js"

export function authenticate(ns: Namespace, creds: Credentials): Caller {
  if (creds.authorization !== undefined) {
    const match = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(creds.authorization)
    if (match?.[1] === undefined) throw invalidOAuthToken("Use the Zoho-oauthtoken authorization scheme")
    const token = ns.state.accessTokens.get(match[1])
    if (token === undefined) throw invalidOAuthToken("The access token is invalid or revoked")
    if (token.expiresAt <= ns.now()) throw invalidOAuthToken("The access token has expired")
    const account = ns.state.accounts.get(token.zuid)
    if (account === undefined) throw invalidOAuthToken("The access token is invalid or revoked")
    return { zuid: account.zuid, email: account.email, via: "oauth", scopes: new Set(token.scopes) }
  }
  if (creds.zscKey !== undefined || creds.zscEmail !== undefined) {
    if (creds.zscKey === undefined || creds.zscKey === "") throw invalidKey("The X-ZSC-Key header is missing")
    if (creds.zscEmail === undefined || creds.zscEmail === "")
      throw invalidKey("The X-ZSC-Email header is missing")
    const key = ns.state.keys.get(lower(creds.zscEmail))
    const account = accountByEmail(ns, creds.zscEmail)
    if (key === undefined || account === undefined || key.key !== creds.zscKey)
      throw invalidKey("The service key does not match this email")
    if (key.revoked) throw invalidKey("The service key has been revoked")
    return { zuid: account.zuid, email: account.email, via: "key" }
  }
  throw invalidOAuthToken("The Authorization header is missing")
}

export function requireScope(caller: Caller, module: ScopeModule, op: Op): void {
  if (caller.scopes === undefined) return
  const all = `ZohoProjects.${module}.ALL`
  if (caller.scopes.has(all)) return
  // §3.2 lists the read-only settings (§4.3) under both the projects and the custom_fields scopes.
  if (
    module === "custom_fields" &&
    (caller.scopes.has("ZohoProjects.projects.READ") || caller.scopes.has("ZohoProjects.projects.ALL"))
  )
    return
  const portalsOp = module === "portals" && op !== "READ"
  if (!portalsOp && caller.scopes.has(`ZohoProjects.${module}.${op}`)) return
  throw invalidOAuthScope(
    `The access token lacks the scope ${portalsOp ? all : `ZohoProjects.${module}.${op}`}`,
  )
}

export function keyValidFor(ns: Namespace, portal: Portal, email: string): boolean {
  const member = memberByEmail(ns, portal, email)
  return (
    member?.isActive === true &&
    (member.role === "Administrator" || member.zpuid === portal.ownerZpuid) &&
    !portal.revokedKeyEmails.includes(lower(email))
  )
}

/** Scope, then portal, then key validity, then membership: the order the real service answers in. */
export function access(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  module: ScopeModule,
  op: Op,
): { portal: Portal; member: Member } {
  requireScope(caller, module, op)
  const portal = portalById(ns, portalId)
  if (caller.via === "key" && !keyValidFor(ns, portal, caller.email))
    throw invalidKey("The service key is not valid for this portal")
  const member = memberByZuid(portal, caller.zuid)
  if (member === undefined || !member.isActive) throw forbidden("You are not a user of this portal")
  return { portal, member }
}

export function isAdmin(portal: Portal, m: Member) {
  return m.role === "Administrator" || m.zpuid === portal.ownerZpuid
}

export function requireAdmin(_ns: Namespace, portal: Portal, m: Member) {
  if (!isAdmin(portal, m)) throw forbidden("Only portal administrators may do this")
}

export function requireStaff(m: Member) {
  if (m.role === "Client") throw forbidden("Client users may not do this")
}

export function canManageProjects(_ns: Namespace, portal: Portal, m: Member) {
  return isAdmin(portal, m) || m.role === "Manager"
}

export function canReadProject(ns: Namespace, portal: Portal, m: Member, p: Project): boolean {
  if (canManageProjects(ns, portal, m)) return true
  if (m.role === "Client")
    return p.members.includes(m.zpuid) && m.clientId !== undefined && p.clientIds.includes(m.clientId)
  return p.isPublic || p.owner === m.zpuid || p.members.includes(m.zpuid)
}

/** Who a request counts against for rate limiting: the user behind the token or key, when known. */
export function identityOf(ns: Namespace, creds: Credentials): string {
  const token = /^Zoho-oauthtoken\s+(\S+)/i.exec(creds.authorization ?? "")?.[1]
  if (creds.authorization !== undefined) {
    const zuid = token === undefined ? undefined : ns.state.accessTokens.get(token)?.zuid
    return zuid === undefined ? `auth:${creds.authorization}` : `user:${zuid}`
  }
  const account = creds.zscEmail === undefined ? undefined : accountByEmail(ns, creds.zscEmail)
  return account === undefined ? `key:${creds.zscEmail ?? ""}` : `user:${account.zuid}`
}
