/**
 * Task lists (projects-api.md §4.10): leads manage them; a project's tasks without a list go to its
 * "General" list, made on first use; deleting a list moves its tasks there.
 */
import { alreadyExists, invalidValue, resourceInUse } from "../errors.js"
import type { Project, TaskList, WorkFlag } from "../model.js"
import { type Caller, lower, type Namespace, type Query } from "../state.js"
import { type Body, has, pageInfo, parsePage, requireObject, slicePage } from "../validation.js"
import type { Json } from "../views.js"
import { found, type InProject, inProject, requireLead, workOf } from "./access.js"
import { enumValue, text } from "./fields.js"
import { oneOf } from "./list-query.js"
import { tasklistView } from "./views.js"

const FLAGS: ReadonlyArray<WorkFlag> = ["internal", "external"]
const GENERAL = "General"

export function generalList(ns: Namespace, p: Project): TaskList {
  const work = workOf(p)
  for (const l of work.tasklists.values()) if (l.name === GENERAL) return l
  const now = ns.now()
  const list: TaskList = {
    id: ns.newId(),
    name: GENERAL,
    flag: "internal",
    sequence: work.tasklists.size + 1,
    createdTime: now,
    modifiedTime: now,
  }
  work.tasklists.set(list.id, list)
  return list
}

function listPatch(at: InProject, b: Body, existing: TaskList | undefined) {
  const name = text(b, "name", 150, existing === undefined || has(b, "name"))
  if (typeof name === "string")
    for (const l of at.work.tasklists.values())
      if (l.id !== existing?.id && lower(l.name) === lower(name))
        throw alreadyExists("name", `A task list named "${name}" already exists in this project`)
  let milestoneId: string | null | undefined
  if (has(b, "milestone")) {
    const raw = b.milestone
    const id = typeof raw === "object" && raw !== null ? (raw as Body).id : raw
    if (raw === null || raw === "") milestoneId = null
    else if (typeof id !== "string" || !at.work.milestones.has(id))
      throw invalidValue("milestone", "milestone is not a milestone of this project")
    else milestoneId = id
  }
  return { name: typeof name === "string" ? name : undefined, flag: enumValue(b, "flag", FLAGS), milestoneId }
}

export function listTasklists(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasklists", "READ")
  const page = parsePage(q)
  const flag = oneOf(q, "flag", FLAGS)
  const all = [...at.work.tasklists.values()].filter((l) => flag === undefined || l.flag === flag)
  return {
    tasklists: slicePage(all, page).map((l) => tasklistView(at.portal, at.p, l)),
    page_info: pageInfo(page, all.length),
  }
}

export function getTasklist(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasklists", "READ")
  return tasklistView(at.portal, at.p, found(at.work.tasklists.get(id), "Task list"))
}

export function createTasklist(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasklists", "CREATE")
  requireLead(ns, at, "manage task lists")
  const patch = listPatch(at, requireObject(body), undefined)
  const now = ns.now()
  const list: TaskList = {
    id: ns.newId(),
    name: patch.name ?? "",
    flag: patch.flag ?? "internal",
    sequence: at.work.tasklists.size + 1,
    createdTime: now,
    modifiedTime: now,
  }
  if (typeof patch.milestoneId === "string") list.milestoneId = patch.milestoneId
  at.work.tasklists.set(list.id, list)
  ns.logChange("tasklist", "created", at.portal.id, list.id, at.p.id)
  return tasklistView(at.portal, at.p, list)
}

export function updateTasklist(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasklists", "UPDATE")
  requireLead(ns, at, "manage task lists")
  const list = found(at.work.tasklists.get(id), "Task list")
  const patch = listPatch(at, requireObject(body), list)
  if (patch.name !== undefined) list.name = patch.name
  if (patch.flag !== undefined) list.flag = patch.flag
  if (patch.milestoneId === null) delete list.milestoneId
  else if (patch.milestoneId !== undefined) list.milestoneId = patch.milestoneId
  list.modifiedTime = Math.max(ns.now(), list.modifiedTime)
  ns.logChange("tasklist", "updated", at.portal.id, id, at.p.id)
  return tasklistView(at.portal, at.p, list)
}

export function deleteTasklist(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): void {
  const at = inProject(ns, caller, portalId, projectId, "tasklists", "DELETE")
  requireLead(ns, at, "manage task lists")
  const list = found(at.work.tasklists.get(id), "Task list")
  const held = [...at.work.tasks.values()].filter((t) => t.tasklistId === id)
  if (list.name === GENERAL && held.length > 0) throw resourceInUse("The General task list still holds tasks")
  at.work.tasklists.delete(id)
  if (held.length > 0) {
    const general = generalList(ns, at.p)
    for (const t of held) t.tasklistId = general.id
  }
  ns.logChange("tasklist", "deleted", at.portal.id, id, at.p.id)
}
