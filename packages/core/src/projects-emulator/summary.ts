import type { StateSummary } from "./control-api.js"
/**
 * The control API's `GET /__mock/state`: portals with owners and counts, users with their roles.
 */
import type { Namespace } from "./state.js"
import { countProjects, iso } from "./views.js"

/** Control API `GET /__mock/state`: portals with ids, names, owners, counts; users with emails and roles. */
export function summary(ns: Namespace, maxUsers = 500): StateSummary {
  const portals: StateSummary["portals"] = []
  const users = new Map<number, StateSummary["users"][number]>()
  let truncated = false
  for (const portal of ns.state.portals.values()) {
    const owner = portal.members.get(portal.ownerZpuid)
    let clientUsers = 0
    for (const m of portal.members.values()) {
      if (m.role === "Client") clientUsers++
      let u = users.get(m.zuid)
      if (u === undefined) {
        if (users.size >= maxUsers) {
          truncated = true
          continue
        }
        const a = ns.state.accounts.get(m.zuid)
        u = {
          zuid: m.zuid,
          email: m.email,
          name: a === undefined ? "" : `${a.firstName} ${a.lastName}`.trim(),
          portals: [],
        }
        users.set(m.zuid, u)
      }
      u.portals.push({
        portal_id: portal.id,
        zpuid: m.zpuid,
        role: m.role,
        is_active: m.isActive,
        is_owner: m.zpuid === portal.ownerZpuid,
      })
    }
    portals.push({
      id: portal.id,
      name: portal.name,
      owner: owner === undefined ? undefined : { email: owner.email, zpuid: owner.zpuid, zuid: owner.zuid },
      counts: {
        projects: portal.projects.size,
        ...Object.fromEntries(Object.entries(countProjects(portal)).map(([k, v]) => [`projects_${k}`, v])),
        users: portal.members.size - clientUsers,
        client_users: clientUsers,
        clients: portal.clients.size,
        groups: portal.groups.size,
        webhooks: portal.webhooks.size,
        custom_fields: portal.fields.filter((f) => f.isCustom).length,
      },
    })
  }
  return {
    namespace: ns.name,
    now: iso(ns.now()),
    portals,
    users: [...users.values()],
    ...(truncated ? { users_truncated: true } : {}),
    rate_limit: ns.state.rateLimit,
    behaviors: ns.state.behaviors,
    faults: ns.state.faults.length,
    pending_deliveries: ns.state.deliveries.length,
  }
}
