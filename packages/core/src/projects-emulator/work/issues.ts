/**
 * Issues, the legacy API's bugs (projects-api.md §4.12): project members and client users report them;
 * leads, the assignee and the reporter update them; leads delete them; `issue.*` webhook events.
 */
import { access, canReadProject } from "../auth.js"
import { forbidden, invalidValue } from "../errors.js"
import { ISSUE_SEVERITIES, type Issue, type Portal, type Project } from "../model.js"
import type { Caller, Namespace, Query } from "../state.js"
import { type Body, bool, has, requireObject } from "../validation.js"
import type { Json } from "../views.js"
import { emitView } from "../webhooks.js"
import { found, type InProject, inProject, isLead, issueStatuses, requireLead, workOf } from "./access.js"
import { isClosed } from "./counts.js"
import { after, enumValue, optionalDate, projectStaff, statusRef, text } from "./fields.js"
import { idFilter, oneOf, pageOf, readListQuery } from "./list-query.js"
import { issueView, projectRef } from "./views.js"

function issuePatch(ns: Namespace, at: InProject, b: Body, existing: Issue | undefined) {
  const changed: string[] = []
  const title = text(b, "title", 250, existing === undefined || has(b, "title"))
  if (typeof title === "string") changed.push("title")
  const description = text(b, "description", 80_000)
  if (description !== undefined) changed.push("description")
  const statuses = issueStatuses(ns, at.portal)
  let statusId = existing?.statusId ?? statuses[0]?.id ?? ""
  if (has(b, "status") && b.status !== null) {
    statusId = statusRef(statuses, "status", b.status)
    changed.push("status")
  }
  const severity = enumValue(b, "severity", ISSUE_SEVERITIES)
  if (severity !== undefined) changed.push("severity")
  let assignee: string | null | undefined
  if (has(b, "assignee")) {
    assignee =
      b.assignee === null || b.assignee === "" ? null : projectStaff(at.portal, at.p, "assignee", b.assignee)
    changed.push("assignee")
  }
  const due = optionalDate(b, "due_date")
  if (due !== undefined) changed.push("due_date")
  let milestoneId: string | null | undefined
  if (has(b, "milestone")) {
    const raw = b.milestone
    const id = typeof raw === "object" && raw !== null ? (raw as Body).id : raw
    if (raw === null || raw === "") milestoneId = null
    else if (typeof id !== "string" || !at.work.milestones.has(id))
      throw invalidValue("milestone", "milestone is not a milestone of this project")
    else milestoneId = id
    changed.push("milestone")
  }
  const billable = bool(b, "is_billable")
  if (billable !== undefined) changed.push("is_billable")
  const now = ns.now()
  const issue: Issue = {
    id: existing?.id ?? "",
    key: existing?.key ?? "",
    title: typeof title === "string" ? title : (existing?.title ?? ""),
    statusId,
    severity: severity ?? existing?.severity ?? "none",
    reporter: existing?.reporter ?? at.member.zpuid,
    isBillable: billable ?? existing?.isBillable ?? false,
    createdTime: existing?.createdTime ?? now,
    modifiedTime: Math.max(now, existing?.modifiedTime ?? now),
  }
  const desc = after(description, existing?.description)
  if (desc !== undefined) issue.description = desc
  const who = after(assignee, existing?.assignee)
  if (who !== undefined) issue.assignee = who
  const dueDate = after(due, existing?.dueDate)
  if (dueDate !== undefined) issue.dueDate = dueDate
  const milestone = after(milestoneId, existing?.milestoneId)
  if (milestone !== undefined) issue.milestoneId = milestone
  if (isClosed(statuses, statusId)) issue.closedTime = existing?.closedTime ?? now
  return { issue, changed }
}

const emitIssue = (
  ns: Namespace,
  at: InProject,
  event: "created" | "updated" | "deleted",
  i: Json,
  changed: string[],
) => emitView(ns, at.portal, `issue.${event}`, { issue: i, project: projectRef(at.p) }, changed)

function issueFilter(q: Query) {
  const severity = oneOf(q, "severity", ISSUE_SEVERITIES)
  const assignee = idFilter(q, "assignee")
  return (i: Issue) =>
    (severity === undefined || i.severity === severity) && (assignee === undefined || i.assignee === assignee)
}

const closedIn = (portal: Portal) => (i: Issue) => isClosed(portal.issueStatuses, i.statusId)

export function listIssues(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "bugs", "READ")
  const page = pageOf(at.work.issues.values(), readListQuery(q), {
    closed: closedIn(at.portal),
    keep: issueFilter(q),
    name: (i) => i.title,
  })
  return { issues: page.items.map((i) => issueView(ns.state, at.portal, at.p, i)), page_info: page.page_info }
}

export function listPortalIssues(ns: Namespace, caller: Caller, portalId: string, q: Query): Json {
  const { portal, member } = access(ns, caller, portalId, "bugs", "READ")
  const lq = readListQuery(q)
  const keep = issueFilter(q)
  const owner = new Map<Issue, Project>()
  const all = function* () {
    for (const p of portal.projectOrder) {
      if (p.work === undefined || p.work.issues.size === 0 || !canReadProject(ns, portal, member, p)) continue
      for (const i of p.work.issues.values()) {
        owner.set(i, p)
        yield i
      }
    }
  }
  const page = pageOf(all(), lq, { closed: closedIn(portal), keep, name: (i) => i.title })
  return {
    issues: page.items.map((i) => issueView(ns.state, portal, owner.get(i) as Project, i)),
    page_info: page.page_info,
  }
}

export function getIssue(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "bugs", "READ")
  return issueView(ns.state, at.portal, at.p, found(at.work.issues.get(id), "Issue"))
}

export function createIssue(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "bugs", "CREATE")
  if (!isLead(ns, at) && !at.p.members.includes(at.member.zpuid))
    throw forbidden("Only members of the project report issues")
  const { issue } = issuePatch(ns, at, requireObject(body), undefined)
  issue.id = ns.newId()
  issue.key = `${at.portal.keyPrefix}-I${++workOf(at.p).issueCounter}`
  at.work.issues.set(issue.id, issue)
  ns.logChange("issue", "created", at.portal.id, issue.id, at.p.id)
  const out = issueView(ns.state, at.portal, at.p, issue)
  emitIssue(ns, at, "created", out, [])
  return out
}

export function updateIssue(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "bugs", "UPDATE")
  const existing = found(at.work.issues.get(id), "Issue")
  const me = at.member.zpuid
  if (!isLead(ns, at) && existing.assignee !== me && existing.reporter !== me)
    throw forbidden("Only the project's leads, the assignee and the reporter edit an issue")
  const { issue, changed } = issuePatch(ns, at, requireObject(body), existing)
  for (const k of ["description", "assignee", "dueDate", "milestoneId", "closedTime"] as const)
    if (issue[k] === undefined) delete existing[k]
  Object.assign(existing, issue)
  ns.logChange("issue", "updated", at.portal.id, id, at.p.id)
  const out = issueView(ns.state, at.portal, at.p, existing)
  emitIssue(ns, at, "updated", out, changed)
  return out
}

export function deleteIssue(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  id: string,
): void {
  const at = inProject(ns, caller, portalId, projectId, "bugs", "DELETE")
  requireLead(ns, at, "delete issues")
  const issue = found(at.work.issues.get(id), "Issue")
  const last = issueView(ns.state, at.portal, at.p, issue)
  at.work.issues.delete(id)
  for (const l of [...at.work.logs.values()]) if (l.issueId === id) at.work.logs.delete(l.id)
  ns.logChange("issue", "deleted", at.portal.id, id, at.p.id)
  emitIssue(ns, at, "deleted", last, [])
}
