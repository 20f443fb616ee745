/** Task comments (projects-api.md §4.9): readers list them; project members and client users add them. */
import { forbidden } from "../errors.js"
import type { Caller, Namespace, Query } from "../state.js"
import { pageInfo, parsePage, requireObject, slicePage } from "../validation.js"
import type { Json } from "../views.js"
import { found, inProject, isLead } from "./access.js"
import { text } from "./fields.js"
import { emitTask } from "./tasks.js"
import { commentView, taskView } from "./views.js"

export function listComments(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  taskId: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "READ")
  const task = found(at.work.tasks.get(taskId), "Task")
  const page = parsePage(q)
  return {
    comments: slicePage(task.comments, page).map((c) => commentView(ns.state, at.portal, c)),
    page_info: pageInfo(page, task.comments.length),
  }
}

export function addComment(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  taskId: string,
  body: unknown,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "CREATE")
  const task = found(at.work.tasks.get(taskId), "Task")
  if (!isLead(ns, at) && !at.p.members.includes(at.member.zpuid))
    throw forbidden("Only members of the project comment")
  const content = text(requireObject(body), "content", 10_000, true) ?? ""
  const comment = { id: ns.newId(), content, createdBy: at.member.zpuid, createdTime: ns.now() }
  task.comments.push(comment)
  task.modifiedTime = Math.max(ns.now(), task.modifiedTime)
  ns.logChange("task", "updated", at.portal.id, task.id, at.p.id)
  emitTask(ns, at, "updated", taskView(ns.state, at.portal, at.p, task), ["comments"])
  return commentView(ns.state, at.portal, comment)
}

export function deleteComment(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  taskId: string,
  id: string,
): void {
  const at = inProject(ns, caller, portalId, projectId, "tasks", "DELETE")
  const task = found(at.work.tasks.get(taskId), "Task")
  const comment = found(
    task.comments.find((c) => c.id === id),
    "Comment",
  )
  if (!isLead(ns, at) && comment.createdBy !== at.member.zpuid)
    throw forbidden("Only the comment's author and the project's leads delete a comment")
  task.comments = task.comments.filter((c) => c.id !== id)
  ns.logChange("task", "updated", at.portal.id, task.id, at.p.id)
  emitTask(ns, at, "updated", taskView(ns.state, at.portal, at.p, task), ["comments"])
}
