/**
 * Service keys (projects-api.md §3.3): one per account, valid for the portals where its owner is an
 * active administrator, revocable per portal (ownership transfer) or everywhere (`key.revoked`).
 */
import { accountByEmail } from "./accounts.js"
import { keyValidFor } from "./auth.js"
import type { KeyInfo } from "./control-api.js"
import { notFound } from "./errors.js"
import { portalById } from "./portals.js"
import { hex } from "./prng.js"
import type { Namespace } from "./state.js"

export function getKey(ns: Namespace, email: string): KeyInfo {
  const account = accountByEmail(ns, email)
  if (account === undefined) throw notFound("User")
  let key = ns.state.keys.get(account.email)
  if (key === undefined) {
    key = { email: account.email, key: hex(ns.state.prng, 32), revoked: false }
    ns.state.keys.set(account.email, key)
  }
  return keyView(ns, account.email)
}

export function regenerateKey(ns: Namespace, email: string): KeyInfo {
  const account = accountByEmail(ns, email)
  if (account === undefined) throw notFound("User")
  ns.state.keys.set(account.email, {
    email: account.email,
    key: hex(ns.state.prng, 32),
    revoked: false,
  })
  for (const portal of ns.state.portals.values())
    portal.revokedKeyEmails = portal.revokedKeyEmails.filter((e) => e !== account.email)
  return keyView(ns, account.email)
}

export function revokeKey(ns: Namespace, email: string, portalId?: string): KeyInfo {
  const account = accountByEmail(ns, email)
  if (account === undefined) throw notFound("User")
  if (portalId !== undefined) {
    const portal = portalById(ns, portalId)
    if (!portal.revokedKeyEmails.includes(account.email)) portal.revokedKeyEmails.push(account.email)
  } else {
    const key = ns.state.keys.get(account.email)
    if (key !== undefined) key.revoked = true
  }
  return keyView(ns, account.email)
}

export function keyView(ns: Namespace, email: string): KeyInfo {
  const key = ns.state.keys.get(email)
  const portals: string[] = []
  if (key !== undefined && !key.revoked)
    for (const portal of ns.state.portals.values())
      if (keyValidFor(ns, portal, email)) portals.push(portal.id)
  return { email, key: key?.key, revoked: key?.revoked ?? false, portal_ids: portals }
}
