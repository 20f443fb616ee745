/**
 * JSON of tasks, task lists, milestones, issues, comments and time logs (projects-api.md §4.9–4.13), each
 * checked against the client's Schema: unset fields omitted, ids strings, times ISO-8601.
 */
import type * as Wire from "../../projects-client/model.js"
import type {
  Comment,
  Issue,
  Milestone,
  NamespaceState,
  Portal,
  Project,
  Status,
  Task,
  TaskList,
  TimeLog,
} from "../model.js"
import { iso, userRefById } from "../views.js"
import { isClosed } from "./counts.js"

type Out<S extends { Encoded: unknown }> = { -readonly [K in keyof S["Encoded"]]: S["Encoded"][K] }

const statusOf = (statuses: ReadonlyArray<Status> | undefined, id: string) => {
  const s = statuses?.find((x) => x.id === id)
  return s === undefined
    ? undefined
    : { id: s.id, name: s.name, color_hexcode: s.color, is_closed_type: s.isClosed }
}

export const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`

export const projectRef = (p: Project) => ({ id: p.id, name: p.name })

export interface TaskStats {
  billable: number
  nonBillable: number
  subtasks: number
}

/** Logged minutes and subtask counts of every task of a project, in one pass: a page renders from it. */
export function taskStats(p: Project): Map<string, TaskStats> {
  const stats = new Map<string, TaskStats>()
  const of = (id: string) => {
    let s = stats.get(id)
    if (s === undefined) {
      s = { billable: 0, nonBillable: 0, subtasks: 0 }
      stats.set(id, s)
    }
    return s
  }
  for (const t of p.work?.tasks.values() ?? []) if (t.parentId !== undefined) of(t.parentId).subtasks++
  for (const l of p.work?.logs.values() ?? []) {
    if (l.taskId === undefined) continue
    if (l.billable) of(l.taskId).billable += l.minutes
    else of(l.taskId).nonBillable += l.minutes
  }
  return stats
}

export function taskView(
  state: NamespaceState,
  portal: Portal,
  p: Project,
  t: Task,
  stats: Map<string, TaskStats> = taskStats(p),
): Out<typeof Wire.Task> {
  const list = p.work?.tasklists.get(t.tasklistId)
  const { billable, nonBillable, subtasks } = stats.get(t.id) ?? { billable: 0, nonBillable: 0, subtasks: 0 }
  const out: Out<typeof Wire.Task> = { id: t.id, key: t.key, name: t.name }
  if (t.description !== undefined) out.description = t.description
  out.project = projectRef(p)
  if (list !== undefined) out.tasklist = { id: list.id, name: list.name }
  const status = statusOf(portal.taskStatuses, t.statusId)
  if (status !== undefined) out.status = status
  out.priority = t.priority
  out.owners = t.owners.flatMap((z) => {
    const ref = userRefById(state, portal, z)
    return ref === undefined ? [] : [ref]
  })
  const by = userRefById(state, portal, t.createdBy)
  if (by !== undefined) out.created_by = by
  if (t.startDate !== undefined) out.start_date = t.startDate
  if (t.endDate !== undefined) out.end_date = t.endDate
  out.percent_complete = t.percentComplete
  out.is_completed = isClosed(portal.taskStatuses, t.statusId)
  if (t.completedTime !== undefined) out.completed_time = iso(t.completedTime)
  if (t.parentId !== undefined) out.parent_task_id = t.parentId
  out.subtasks_count = subtasks
  out.log_hours = { billable_hours: hhmm(billable), non_billable_hours: hhmm(nonBillable) }
  out.custom_fields = { ...t.custom }
  out.created_time = iso(t.createdTime)
  out.last_modified_time = iso(t.modifiedTime)
  return out
}

export const commentView = (
  state: NamespaceState,
  portal: Portal,
  c: Comment,
): Out<typeof Wire.TaskComment> => {
  const out: Out<typeof Wire.TaskComment> = { id: c.id, content: c.content }
  const by = userRefById(state, portal, c.createdBy)
  if (by !== undefined) out.created_by = by
  out.created_time = iso(c.createdTime)
  return out
}

export function tasklistView(portal: Portal, p: Project, l: TaskList): Out<typeof Wire.TaskList> {
  const out: Out<typeof Wire.TaskList> = { id: l.id, name: l.name, flag: l.flag }
  const m = l.milestoneId === undefined ? undefined : p.work?.milestones.get(l.milestoneId)
  if (m !== undefined) out.milestone = { id: m.id, name: m.name }
  out.sequence = l.sequence
  let open = 0
  let closed = 0
  for (const t of p.work?.tasks.values() ?? [])
    if (t.tasklistId === l.id) isClosed(portal.taskStatuses, t.statusId) ? closed++ : open++
  out.tasks_count = { open, closed }
  out.created_time = iso(l.createdTime)
  out.last_modified_time = iso(l.modifiedTime)
  return out
}

export function milestoneView(
  state: NamespaceState,
  portal: Portal,
  m: Milestone,
): Out<typeof Wire.Milestone> {
  const out: Out<typeof Wire.Milestone> = { id: m.id, name: m.name }
  const owner = userRefById(state, portal, m.owner)
  if (owner !== undefined) out.owner = owner
  out.start_date = m.startDate
  out.end_date = m.endDate
  out.status = m.status
  out.flag = m.flag
  out.is_completed = m.status === "completed"
  if (m.completedTime !== undefined) out.completed_time = iso(m.completedTime)
  out.created_time = iso(m.createdTime)
  out.last_modified_time = iso(m.modifiedTime)
  return out
}

export function issueView(
  state: NamespaceState,
  portal: Portal,
  p: Project,
  i: Issue,
): Out<typeof Wire.Issue> {
  const out: Out<typeof Wire.Issue> = { id: i.id, key: i.key, title: i.title }
  if (i.description !== undefined) out.description = i.description
  out.project = projectRef(p)
  const status = statusOf(portal.issueStatuses, i.statusId)
  if (status !== undefined) out.status = status
  out.severity = i.severity
  const assignee = i.assignee === undefined ? undefined : userRefById(state, portal, i.assignee)
  if (assignee !== undefined) out.assignee = assignee
  const reporter = userRefById(state, portal, i.reporter)
  if (reporter !== undefined) out.reporter = reporter
  if (i.dueDate !== undefined) out.due_date = i.dueDate
  const m = i.milestoneId === undefined ? undefined : p.work?.milestones.get(i.milestoneId)
  if (m !== undefined) out.milestone = { id: m.id, name: m.name }
  out.is_billable = i.isBillable
  out.is_closed = isClosed(portal.issueStatuses, i.statusId)
  if (i.closedTime !== undefined) out.closed_time = iso(i.closedTime)
  out.created_time = iso(i.createdTime)
  out.last_modified_time = iso(i.modifiedTime)
  return out
}

export function logView(
  state: NamespaceState,
  portal: Portal,
  p: Project,
  l: TimeLog,
): Out<typeof Wire.TimeLog> {
  const out: Out<typeof Wire.TimeLog> = {
    id: l.id,
    date: l.date,
    hours: hhmm(l.minutes),
    minutes: l.minutes,
    bill_status: l.billable ? "billable" : "non_billable",
  }
  if (l.notes !== undefined) out.notes = l.notes
  const owner = userRefById(state, portal, l.owner)
  if (owner !== undefined) out.owner = owner
  const task = l.taskId === undefined ? undefined : p.work?.tasks.get(l.taskId)
  if (task !== undefined) out.task = { id: task.id, name: task.name }
  const issue = l.issueId === undefined ? undefined : p.work?.issues.get(l.issueId)
  if (issue !== undefined) out.issue = { id: issue.id, title: issue.title }
  out.project = projectRef(p)
  out.created_time = iso(l.createdTime)
  out.last_modified_time = iso(l.modifiedTime)
  return out
}
