/**
 * Tasks and subtasks (projects-api.md §4.9): list per project or across the portal, read, create, update
 * and delete, with the permissions of §3.2 and `task.*` webhook events. Comments are in comments.ts.
 */
import { access, canReadProject } from "../auth.js"
import { forbidden, invalidValue } from "../errors.js"
import { type Portal, type Project, TASK_PRIORITIES, type Task } from "../model.js"
import type { Caller, Namespace, Query } from "../state.js"
import { type Body, has, pageInfo, requireObject } from "../validation.js"
import type { Json } from "../views.js"
import { emitView } from "../webhooks.js"
import {
  found,
  type InProject,
  inProject,
  isLead,
  requireProjectStaff,
  taskStatuses,
  workOf,
} from "./access.js"
import { isClosed } from "./counts.js"
import { after, datesInOrder, enumValue, optionalDate, projectStaff, statusRef, text } from "./fields.js"
import { idFilter, oneOf, pageOf, readListQuery } from "./list-query.js"
import { generalList } from "./tasklists.js"
import { projectRef, type TaskStats, taskStats, taskView } from "./views.js"

const CUSTOM_KEY = /^[a-z][a-z0-9_]{0,63}$/

function customFields(b: Body): Task["custom"] | undefined {
  if (!has(b, "custom_fields") || b.custom_fields === null) return undefined
  const raw = b.custom_fields
  if (typeof raw !== "object" || Array.isArray(raw))
    throw invalidValue("custom_fields", "custom_fields must be an object")
  const entries = Object.entries(raw as Body)
  if (entries.length > 50) throw invalidValue("custom_fields", "custom_fields takes at most 50 fields")
  const out: Task["custom"] = {}
  for (const [k, v] of entries) {
    if (!CUSTOM_KEY.test(k)) throw invalidValue("custom_fields", `custom field name ${k} is not valid`)
    if (typeof v === "string" ? v.length > 1000 : typeof v !== "number" && typeof v !== "boolean")
      throw invalidValue(`custom_fields.${k}`, `${k} must be a string (≤ 1000), a number or a boolean`)
    out[k] = v as string | number | boolean
  }
  return out
}

/** Validates a task body into the task it would make; writes nothing. */
function taskPatch(
  ns: Namespace,
  at: InProject,
  b: Body,
  existing: Task | undefined,
): Task & { changed: string[] } {
  const { portal, p, work } = at
  const changed: string[] = []
  const name = text(b, "name", 250, existing === undefined || has(b, "name"))
  if (typeof name === "string") changed.push("name")
  const description = text(b, "description", 80_000)
  if (description !== undefined) changed.push("description")
  let owners = existing?.owners ?? [at.member.zpuid]
  if (has(b, "owners") && b.owners !== null) {
    if (!Array.isArray(b.owners)) throw invalidValue("owners", "owners must be an array of users")
    owners = [...new Set(b.owners.map((o) => projectStaff(portal, p, "owners", o)))]
    changed.push("owners")
  }
  const statuses = taskStatuses(ns, portal)
  let statusId = existing?.statusId ?? statuses[0]?.id ?? ""
  if (has(b, "status") && b.status !== null) {
    statusId = statusRef(statuses, "status", b.status)
    changed.push("status")
  }
  const priority = enumValue(b, "priority", TASK_PRIORITIES)
  if (priority !== undefined) changed.push("priority")
  const start = optionalDate(b, "start_date")
  const end = optionalDate(b, "end_date")
  if (start !== undefined) changed.push("start_date")
  if (end !== undefined) changed.push("end_date")
  const startDate = after(start, existing?.startDate)
  const endDate = after(end, existing?.endDate)
  datesInOrder(startDate, endDate, "end_date")
  let tasklistId = existing?.tasklistId
  if (has(b, "tasklist") && b.tasklist !== null) {
    const id = typeof b.tasklist === "object" ? (b.tasklist as Body).id : b.tasklist
    if (typeof id !== "string" || !work.tasklists.has(id))
      throw invalidValue("tasklist", "tasklist is not a task list of this project")
    tasklistId = id
    changed.push("tasklist")
  }
  let parentId = existing?.parentId
  if (existing === undefined && has(b, "parent_task_id") && b.parent_task_id !== null) {
    const parent = work.tasks.get(String(b.parent_task_id))
    if (parent === undefined)
      throw invalidValue("parent_task_id", "parent_task_id is not a task of this project")
    if (parent.parentId !== undefined) throw invalidValue("parent_task_id", "subtasks have no subtasks")
    parentId = parent.id
    tasklistId ??= parent.tasklistId
  }
  let percent = existing?.percentComplete ?? 0
  if (has(b, "percent_complete") && b.percent_complete !== null) {
    const v = b.percent_complete
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 100)
      throw invalidValue("percent_complete", "percent_complete must be an integer between 0 and 100")
    percent = v
    changed.push("percent_complete")
  }
  const custom = customFields(b)
  if (custom !== undefined) changed.push("custom_fields")
  const now = ns.now()
  const closed = isClosed(statuses, statusId)
  const task: Task = {
    id: existing?.id ?? "",
    key: existing?.key ?? "",
    name: typeof name === "string" ? name : (existing?.name ?? ""),
    tasklistId: tasklistId ?? "",
    statusId,
    priority: priority ?? existing?.priority ?? "none",
    owners,
    createdBy: existing?.createdBy ?? at.member.zpuid,
    percentComplete: closed ? 100 : percent,
    custom: custom ?? existing?.custom ?? {},
    comments: existing?.comments ?? [],
    createdTime: existing?.createdTime ?? now,
    modifiedTime: Math.max(now, existing?.modifiedTime ?? now),
  }
  const desc = after(description, existing?.description)
  if (desc !== undefined) task.description = desc
  if (startDate !== undefined) task.startDate = startDate
  if (endDate !== undefined) task.endDate = endDate
  if (parentId !== undefined) task.parentId = parentId
  if (closed) task.completedTime = existing?.completedTime ?? now
  return Object.assign(task, { changed })
}

export function emitTask(
  ns: Namespace,
  at: InProject,
  event: "created" | "updated" | "deleted",
  t: Json,
  changed: string[],
) {
  emitView(ns, at.portal, `task.${event}`, { task: t, project: projectRef(at.p) }, changed)
}

const view = (ns: Namespace, at: InProject, t: Task, stats?: Map<string, TaskStats>) =>
  taskView(ns.state, at.portal, at.p, t, stats)

const closedIn = (portal: Portal) => (t: Task) => isClosed(portal.taskStatuses, t.statusId)

function taskFilter(q: Query) {
  const owner = idFilter(q, "owner")
  const priority = oneOf(q, "priority", TASK_PRIORITIES)
  const tasklist = idFilter(q, "tasklist_id")
  const milestone = idFilter(q, "milestone_id")
  return (p: Project) => (t: Task) =>
    (owner === undefined || t.owners.includes(owner)) &&
    (priority === undefined || t.priority === priority) &&
    (tasklist === undefined || t.tasklistId === tasklist) &&
    (milestone === undefined || p.work?.tasklists.get(t.tasklistId)?.milestoneId === milestone)
}

export function listTasks(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "READ")
  const lq = readListQuery(q)
  const keep = taskFilter(q)(at.p)
  const page = pageOf(at.work.tasks.values(), lq, { closed: closedIn(at.portal), keep, name: (t) => t.name })
  const stats = taskStats(at.p)
  return { tasks: page.items.map((t) => view(ns, at, t, stats)), page_info: page.page_info }
}

/** Every task the caller may read, project by project in creation order. */
export function listPortalTasks(ns: Namespace, caller: Caller, portalId: string, q: Query): Json {
  const { portal, member } = access(ns, caller, portalId, "tasks", "READ")
  const lq = readListQuery(q)
  const filter = taskFilter(q)
  const readable = portal.projectOrder.filter(
    (p) => p.work !== undefined && p.work.tasks.size > 0 && canReadProject(ns, portal, member, p),
  )
  const found: Array<[Project, Task]> = []
  let total = 0
  if (isPlain(lq, q)) {
    // No per-task filter: whole projects are skipped by their size, so a deep page costs what a first does.
    for (const p of readable) {
      const size = p.work?.tasks.size ?? 0
      const from = Math.max(0, lq.page.offset - total)
      if (from < size && found.length < lq.page.perPage)
        for (const t of [...(p.work?.tasks.values() ?? [])].slice(
          from,
          from + lq.page.perPage - found.length,
        ))
          found.push([p, t])
      total += size
    }
    return { tasks: render(ns, portal, found), page_info: pageInfo(lq.page, total) }
  }
  const owner = new Map<Task, Project>()
  const all = function* () {
    for (const p of readable) {
      const keep = filter(p)
      for (const t of p.work?.tasks.values() ?? [])
        if (keep(t)) {
          owner.set(t, p)
          yield t
        }
    }
  }
  const page = pageOf(all(), lq, { closed: closedIn(portal), keep: () => true, name: (t) => t.name })
  for (const t of page.items) {
    const p = owner.get(t)
    if (p !== undefined) found.push([p, t])
  }
  return { tasks: render(ns, portal, found), page_info: page.page_info }
}

const FILTERS = ["owner", "priority", "tasklist_id", "milestone_id"]
const isPlain = (lq: ReturnType<typeof readListQuery>, q: Query) =>
  lq.status === "all" &&
  lq.since === undefined &&
  lq.search === undefined &&
  lq.sort === "created_time" &&
  !lq.descending &&
  FILTERS.every((f) => q[f] === undefined || q[f] === "")

/** Renders tasks of several projects, each project's stats computed once. */
function render(ns: Namespace, portal: Portal, items: ReadonlyArray<[Project, Task]>) {
  const stats = new Map<Project, Map<string, TaskStats>>()
  return items.map(([p, t]) => {
    let s = stats.get(p)
    if (s === undefined) {
      s = taskStats(p)
      stats.set(p, s)
    }
    return taskView(ns.state, portal, p, t, s)
  })
}

export function getTask(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "READ")
  return view(ns, at, found(at.work.tasks.get(id), "Task"))
}

export function subtasks(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "READ")
  found(at.work.tasks.get(id), "Task")
  const page = pageOf(at.work.tasks.values(), readListQuery(q), {
    closed: closedIn(at.portal),
    keep: (t) => t.parentId === id,
    name: (t) => t.name,
  })
  return { tasks: page.items.map((t) => view(ns, at, t)), page_info: page.page_info }
}

export function createTask(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "CREATE")
  requireProjectStaff(ns, at, "create tasks")
  const { changed: _, ...task } = taskPatch(ns, at, requireObject(body), undefined)
  if (task.tasklistId === "") task.tasklistId = generalList(ns, at.p).id
  task.id = ns.newId()
  task.key = `${at.portal.keyPrefix}-T${++workOf(at.p).taskCounter}`
  at.work.tasks.set(task.id, task)
  ns.logChange("task", "created", at.portal.id, task.id, at.p.id)
  const out = view(ns, at, task)
  emitTask(ns, at, "created", out, [])
  return out
}

export function updateTask(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "UPDATE")
  const existing = found(at.work.tasks.get(id), "Task")
  if (!isLead(ns, at) && !existing.owners.includes(at.member.zpuid) && existing.createdBy !== at.member.zpuid)
    throw forbidden("Only the project's leads, the task's owners and its creator edit a task")
  const { changed, ...task } = taskPatch(ns, at, requireObject(body), existing)
  if (task.completedTime === undefined) delete existing.completedTime
  Object.assign(existing, task)
  if (task.description === undefined) delete existing.description
  if (task.startDate === undefined) delete existing.startDate
  if (task.endDate === undefined) delete existing.endDate
  ns.logChange("task", "updated", at.portal.id, id, at.p.id)
  const out = view(ns, at, existing)
  emitTask(ns, at, "updated", out, changed)
  return out
}

export function deleteTask(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): void {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "DELETE")
  const task = found(at.work.tasks.get(id), "Task")
  if (!isLead(ns, at) && task.createdBy !== at.member.zpuid)
    throw forbidden("Only the project's leads and the task's creator delete a task")
  const last = view(ns, at, task)
  for (const t of [...at.work.tasks.values()])
    if (t.id === id || t.parentId === id) {
      at.work.tasks.delete(t.id)
      ns.logChange("task", "deleted", at.portal.id, t.id, at.p.id)
    }
  for (const l of [...at.work.logs.values()])
    if (l.taskId !== undefined && !at.work.tasks.has(l.taskId)) at.work.logs.delete(l.id)
  emitTask(ns, at, "deleted", last, [])
}
