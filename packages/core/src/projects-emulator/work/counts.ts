/** Open and closed counts of a project's tasks, issues and milestones, as the project view shows them. */
import type { Portal, Project, Status } from "../model.js"

export const isClosed = (statuses: ReadonlyArray<Status> | undefined, id: string): boolean =>
  statuses?.find((s) => s.id === id)?.isClosed ?? false

/** Counts from the project's records; undefined for a project that never had any. */
export function workCounts(portal: Portal, p: Project) {
  const work = p.work
  if (work === undefined) return undefined
  const count = <A>(items: Map<string, A>, closed: (a: A) => boolean) => {
    let c = 0
    for (const a of items.values()) if (closed(a)) c++
    return { open_count: items.size - c, closed_count: c }
  }
  return {
    tasks: count(work.tasks, (t) => isClosed(portal.taskStatuses, t.statusId)),
    issues: count(work.issues, (i) => isClosed(portal.issueStatuses, i.statusId)),
    milestones: count(work.milestones, (m) => m.status === "completed"),
  }
}
