/** The task and issue statuses of a portal (projects-api.md §4.9, §4.12), read like project statuses. */
import { access } from "../auth.js"
import type { Caller, Namespace } from "../state.js"
import type { Json } from "../views.js"
import { statusView } from "../views.js"
import { issueStatuses, taskStatuses } from "./access.js"

export function workStatuses(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  kind: "tasks" | "issues",
): Json {
  const { portal } = access(ns, caller, portalId, kind === "tasks" ? "tasks" : "bugs", "READ")
  const statuses = kind === "tasks" ? taskStatuses(ns, portal) : issueStatuses(ns, portal)
  return { statuses: statuses.map(statusView) }
}
