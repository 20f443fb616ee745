/**
 * Who may do what inside a project (projects-api.md §3.2, §4.9–4.13): readers read everything there;
 * leads (administrators, managers, the project owner) do everything; other members act on their own items.
 */
import { access, canManageProjects } from "../auth.js"
import { forbidden, notFound } from "../errors.js"
import type { Member, Portal, Project, ProjectWork, Status } from "../model.js"
import { readableProject } from "../projects/list.js"
import type { Caller, Namespace, Op, ScopeModule } from "../state.js"

export interface InProject {
  portal: Portal
  member: Member
  p: Project
  work: ProjectWork
}

export const workOf = (p: Project): ProjectWork => {
  if (p.work === undefined)
    p.work = {
      tasklists: new Map(),
      tasks: new Map(),
      milestones: new Map(),
      issues: new Map(),
      logs: new Map(),
      taskCounter: 0,
      issueCounter: 0,
    }
  return p.work
}

/** Scope, portal, membership, then the project the caller reads. */
export function inProject(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  module: ScopeModule,
  op: Op,
): InProject {
  const { portal, member } = access(ns, caller, portalId, module, op)
  const p = readableProject(ns, portal, member, projectId)
  return { portal, member, p, work: workOf(p) }
}

export const isLead = (ns: Namespace, at: InProject): boolean =>
  canManageProjects(ns, at.portal, at.member) || at.p.owner === at.member.zpuid

export const requireLead = (ns: Namespace, at: InProject, what: string): void => {
  if (!isLead(ns, at)) throw forbidden(`Only administrators, managers and the project owner ${what}`)
}

/** Staff who belong to the project (leads always count). */
export const requireProjectStaff = (ns: Namespace, at: InProject, what: string): void => {
  if (isLead(ns, at)) return
  if (at.member.role === "Client" || !at.p.members.includes(at.member.zpuid))
    throw forbidden(`Only members of the project ${what}`)
}

export const found = <A>(item: A | undefined, what: string): A => {
  if (item === undefined) throw notFound(what)
  return item
}

const TASK_STATUSES: ReadonlyArray<[string, string, boolean]> = [
  ["Open", "#2cc8ba", false],
  ["In Progress", "#08aeea", false],
  ["On Hold", "#fbc11e", false],
  ["Closed", "#5ac64b", true],
]
const ISSUE_STATUSES: ReadonlyArray<[string, string, boolean]> = [
  ["Open", "#f56b62", false],
  ["In Progress", "#08aeea", false],
  ["To be tested", "#fbc11e", false],
  ["Closed", "#5ac64b", true],
  ["Reopened", "#f56b62", false],
]

/** Made with the portal's first task or issue, so portals without any keep their ids as before. */
export function taskStatuses(ns: Namespace, portal: Portal): Status[] {
  portal.taskStatuses ??= TASK_STATUSES.map(([name, color, isClosed]) => ({
    id: ns.newId(),
    name,
    color,
    isClosed,
  }))
  return portal.taskStatuses
}

export function issueStatuses(ns: Namespace, portal: Portal): Status[] {
  portal.issueStatuses ??= ISSUE_STATUSES.map(([name, color, isClosed]) => ({
    id: ns.newId(),
    name,
    color,
    isClosed,
  }))
  return portal.issueStatuses
}
