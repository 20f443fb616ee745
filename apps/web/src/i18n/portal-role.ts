// A portal role in the chosen language; a role the portal made up is shown as the portal names it.
import type { MessageKey } from "./en"

type Translate = (key: MessageKey) => string

const roleKeys: Readonly<Record<string, MessageKey>> = {
  administrator: "portal.role.administrator",
  manager: "portal.role.manager",
  employee: "portal.role.employee",
  contractor: "portal.role.contractor",
  client: "portal.role.client",
}

export function portalRoleWord(role: string | null, t: Translate): string {
  if (role === null) return ""
  const key = roleKeys[role.trim().toLowerCase()]
  return key === undefined ? role : t(key)
}
