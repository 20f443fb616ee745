/**
 * Time logs on tasks and issues (projects-api.md §4.13): staff of the project log their own time, leads
 * anyone's; a person's logs on one day never pass 24 hours. Logging updates the task or issue.
 */
import { forbidden, invalidValue, mandatoryMissing, notFound } from "../errors.js"
import type { TimeLog } from "../model.js"
import type { Caller, Namespace, Query } from "../state.js"
import { type Body, has, pageInfo, parseDate, parsePage, requireObject, slicePage } from "../validation.js"
import type { Json } from "../views.js"
import { emitView } from "../webhooks.js"
import { found, type InProject, inProject, isLead, requireProjectStaff } from "./access.js"
import { enumValue, projectStaff, text } from "./fields.js"
import { idFilter, oneOf } from "./list-query.js"
import { issueView, logView, projectRef, taskView } from "./views.js"

export type LogTarget = { kind: "task" | "issue"; id: string }

const DAY_MINUTES = 24 * 60

/** `"HH:MM"` or a decimal number of hours, into minutes. */
function minutesOf(raw: unknown): number {
  let minutes: number | undefined
  if (typeof raw === "number" && Number.isFinite(raw)) minutes = Math.round(raw * 60)
  else if (typeof raw === "string") {
    const m = /^(\d{1,2}):([0-5]\d)$/.exec(raw)
    if (m !== null) minutes = Number(m[1]) * 60 + Number(m[2])
  }
  if (minutes === undefined || minutes <= 0 || minutes > DAY_MINUTES)
    throw invalidValue("hours", 'hours must be "HH:MM" or a number of hours, more than 0 and at most 24:00')
  return minutes
}

function logPatch(
  ns: Namespace,
  at: InProject,
  b: Body,
  existing: TimeLog | undefined,
  target: LogTarget,
): TimeLog {
  const creating = existing === undefined
  if (creating && !has(b, "date")) throw mandatoryMissing("date")
  if (creating && !has(b, "hours")) throw mandatoryMissing("hours")
  const date = has(b, "date") ? parseDate("date", b.date) : (existing?.date ?? "")
  const minutes = has(b, "hours") ? minutesOf(b.hours) : (existing?.minutes ?? 0)
  let owner = existing?.owner ?? at.member.zpuid
  if (has(b, "owner") && b.owner !== null) {
    owner = projectStaff(at.portal, at.p, "owner", b.owner)
    if (owner !== at.member.zpuid && !isLead(ns, at))
      throw forbidden("Only the project's leads log time for others")
  }
  const bill = enumValue(b, "bill_status", ["billable", "non_billable"] as const)
  const notes = text(b, "notes", 1000)
  let sameDay = minutes
  for (const l of at.work.logs.values())
    if (l.id !== existing?.id && l.owner === owner && l.date === date) sameDay += l.minutes
  if (sameDay > DAY_MINUTES) throw invalidValue("hours", "a person's time logs on one day cannot pass 24:00")
  const now = ns.now()
  const log: TimeLog = {
    id: existing?.id ?? "",
    owner,
    date,
    minutes,
    billable: bill === undefined ? (existing?.billable ?? true) : bill === "billable",
    createdTime: existing?.createdTime ?? now,
    modifiedTime: Math.max(now, existing?.modifiedTime ?? now),
  }
  if (target.kind === "task") log.taskId = target.id
  else log.issueId = target.id
  const kept = notes === null ? undefined : (notes ?? existing?.notes)
  if (kept !== undefined) log.notes = kept
  return log
}

/** The task or issue the log belongs to changed: its record and its webhook say so. */
function touchTarget(ns: Namespace, at: InProject, target: LogTarget): void {
  const now = ns.now()
  if (target.kind === "task") {
    const t = at.work.tasks.get(target.id)
    if (t === undefined) return
    t.modifiedTime = Math.max(now, t.modifiedTime)
    ns.logChange("task", "updated", at.portal.id, t.id, at.p.id)
    emitView(
      ns,
      at.portal,
      "task.updated",
      { task: taskView(ns.state, at.portal, at.p, t), project: projectRef(at.p) },
      ["time_logs"],
    )
  } else {
    const i = at.work.issues.get(target.id)
    if (i === undefined) return
    i.modifiedTime = Math.max(now, i.modifiedTime)
    ns.logChange("issue", "updated", at.portal.id, i.id, at.p.id)
    emitView(
      ns,
      at.portal,
      "issue.updated",
      { issue: issueView(ns.state, at.portal, at.p, i), project: projectRef(at.p) },
      ["time_logs"],
    )
  }
}

const requireTarget = (at: InProject, target: LogTarget) =>
  target.kind === "task"
    ? found(at.work.tasks.get(target.id), "Task")
    : found(at.work.issues.get(target.id), "Issue")

const onTarget = (l: TimeLog, target: LogTarget) =>
  (target.kind === "task" ? l.taskId : l.issueId) === target.id

/** Logs of one task or issue, or (no target) of the whole project with its filters. */
export function listLogs(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  target: LogTarget | undefined,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "timesheets", "READ")
  if (target !== undefined) requireTarget(at, target)
  const page = parsePage(q)
  const bill = oneOf(q, "bill_status", ["billable", "non_billable"] as const)
  const user = idFilter(q, "user")
  const from = q.date_from === undefined ? undefined : parseDate("date_from", q.date_from)
  const to = q.date_to === undefined ? undefined : parseDate("date_to", q.date_to)
  const all = [...at.work.logs.values()].filter(
    (l) =>
      (target === undefined || onTarget(l, target)) &&
      (bill === undefined || l.billable === (bill === "billable")) &&
      (user === undefined || l.owner === user) &&
      (from === undefined || l.date >= from) &&
      (to === undefined || l.date <= to),
  )
  return {
    time_logs: slicePage(all, page).map((l) => logView(ns.state, at.portal, at.p, l)),
    page_info: pageInfo(page, all.length),
  }
}

export function addLog(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  target: LogTarget,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "timesheets", "CREATE")
  requireProjectStaff(ns, at, "log time")
  requireTarget(at, target)
  const log = logPatch(ns, at, requireObject(body), undefined, target)
  log.id = ns.newId()
  at.work.logs.set(log.id, log)
  ns.logChange("time_log", "created", at.portal.id, log.id, at.p.id)
  touchTarget(ns, at, target)
  return logView(ns.state, at.portal, at.p, log)
}

function ownLog(ns: Namespace, at: InProject, target: LogTarget, id: string): TimeLog {
  requireTarget(at, target)
  const log = found(at.work.logs.get(id), "Time log")
  if (!onTarget(log, target)) throw notFound("Time log")
  if (!isLead(ns, at) && log.owner !== at.member.zpuid)
    throw forbidden("Only the log's owner and the project's leads change a time log")
  return log
}

export function updateLog(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  target: LogTarget,
  id: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "timesheets", "UPDATE")
  const log = ownLog(ns, at, target, id)
  const next = logPatch(ns, at, requireObject(body), log, target)
  if (next.notes === undefined) delete log.notes
  Object.assign(log, next)
  ns.logChange("time_log", "updated", at.portal.id, id, at.p.id)
  touchTarget(ns, at, target)
  return logView(ns.state, at.portal, at.p, log)
}

export function deleteLog(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  target: LogTarget,
  id: string,
): void {
  const at = inProject(ns, caller, portalId, projectId, "timesheets", "DELETE")
  ownLog(ns, at, target, id)
  at.work.logs.delete(id)
  ns.logChange("time_log", "deleted", at.portal.id, id, at.p.id)
  touchTarget(ns, at, target)
}
