/** Milestones, V3's "phases" (projects-api.md §4.11): leads manage them; readers read them. */
import { invalidValue, mandatoryMissing } from "../errors.js"
import type { Milestone, WorkFlag } from "../model.js"
import type { Caller, Namespace, Query } from "../state.js"
import { type Body, has, pageInfo, parsePage, requireObject, slicePage } from "../validation.js"
import type { Json } from "../views.js"
import { found, type InProject, inProject, requireLead } from "./access.js"
import { after, datesInOrder, enumValue, optionalDate, projectStaff, text } from "./fields.js"
import { oneOf } from "./list-query.js"
import { milestoneView } from "./views.js"

const FLAGS: ReadonlyArray<WorkFlag> = ["internal", "external"]
const STATUSES = ["active", "completed"] as const

function milestonePatch(ns: Namespace, at: InProject, b: Body, existing: Milestone | undefined): Milestone {
  const creating = existing === undefined
  const name = text(b, "name", 150, creating || has(b, "name"))
  const start = optionalDate(b, "start_date")
  const end = optionalDate(b, "end_date")
  if (creating && (start === undefined || start === null)) throw mandatoryMissing("start_date")
  if (creating && (end === undefined || end === null)) throw mandatoryMissing("end_date")
  if (start === null || end === null)
    throw invalidValue(start === null ? "start_date" : "end_date", "a milestone keeps its dates")
  const startDate = after(start, existing?.startDate) ?? ""
  const endDate = after(end, existing?.endDate) ?? ""
  datesInOrder(startDate, endDate, "end_date")
  const owner =
    has(b, "owner") && b.owner !== null ? projectStaff(at.portal, at.p, "owner", b.owner) : existing?.owner
  const status = enumValue(b, "status", STATUSES) ?? existing?.status ?? "active"
  const now = ns.now()
  const m: Milestone = {
    id: existing?.id ?? "",
    name: typeof name === "string" ? name : (existing?.name ?? ""),
    owner: owner ?? at.member.zpuid,
    startDate,
    endDate,
    status,
    flag: enumValue(b, "flag", FLAGS) ?? existing?.flag ?? "internal",
    createdTime: existing?.createdTime ?? now,
    modifiedTime: Math.max(now, existing?.modifiedTime ?? now),
  }
  if (status === "completed") m.completedTime = existing?.completedTime ?? now
  return m
}

export function listMilestones(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "milestones", "READ")
  const page = parsePage(q)
  const status = oneOf(q, "status", [...STATUSES, "all"] as const) ?? "all"
  const all = [...at.work.milestones.values()].filter((m) => status === "all" || m.status === status)
  return {
    milestones: slicePage(all, page).map((m) => milestoneView(ns.state, at.portal, m)),
    page_info: pageInfo(page, all.length),
  }
}

export function getMilestone(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "milestones", "READ")
  return milestoneView(ns.state, at.portal, found(at.work.milestones.get(id), "Milestone"))
}

export function createMilestone(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "milestones", "CREATE")
  requireLead(ns, at, "manage milestones")
  const m = milestonePatch(ns, at, requireObject(body), undefined)
  m.id = ns.newId()
  at.work.milestones.set(m.id, m)
  ns.logChange("milestone", "created", at.portal.id, m.id, at.p.id)
  return milestoneView(ns.state, at.portal, m)
}

export function updateMilestone(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "milestones", "UPDATE")
  requireLead(ns, at, "manage milestones")
  const existing = found(at.work.milestones.get(id), "Milestone")
  const m = milestonePatch(ns, at, requireObject(body), existing)
  if (m.completedTime === undefined) delete existing.completedTime
  Object.assign(existing, m)
  ns.logChange("milestone", "updated", at.portal.id, id, at.p.id)
  return milestoneView(ns.state, at.portal, existing)
}

export function deleteMilestone(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): void {
  const at = inProject(ns, caller, portalId, projectId, "milestones", "DELETE")
  requireLead(ns, at, "manage milestones")
  found(at.work.milestones.get(id), "Milestone")
  at.work.milestones.delete(id)
  for (const l of at.work.tasklists.values()) if (l.milestoneId === id) delete l.milestoneId
  for (const i of at.work.issues.values()) if (i.milestoneId === id) delete i.milestoneId
  ns.logChange("milestone", "deleted", at.portal.id, id, at.p.id)
}
