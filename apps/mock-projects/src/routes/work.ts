/**
 * The emulated work inside projects (projects-api.md §4.9–4.14): tasks, subtasks, comments, task lists,
 * milestones (V3 "phases"), issues, time logs and search, at their V3 paths and their legacy `/restapi/`
 * forms, which take the same bodies and answer under the legacy list keys.
 */
import type { Json, LogTarget } from "@app/core/projects-emulator"
import type { Call, Define } from "./api.js"

const V3 = "/api/v3/portal/:portal"
const LEGACY = "/restapi/portal/:portal"

/** A list answered under another key: the legacy API names its lists `bugs`, `timelogs`… */
const rename = (out: Json, from: string, to: string): Json => {
  const { [from]: items, ...rest } = out
  return { [to]: items, ...rest }
}

export const defineWorkRoutes = (define: Define) => {
  const portal = ({ p }: Call) => p("portal")
  for (const [base, legacy] of [
    [V3, false],
    [LEGACY, true],
  ] as const) {
    const P = `${base}/projects/:project`
    const at = (c: Call) => [c.caller, portal(c), c.p("project")] as const
    const key = (v3: string, old: string) => (legacy ? old : v3)
    const asList = (out: Json, v3: string, old: string) => (legacy ? rename(out, v3, old) : out)

    define(`${P}/tasks`, {
      GET: (c) => c.emu.listTasks(...at(c), c.q),
      POST: (c) => c.emu.createTask(...at(c), c.body),
    })
    define(`${P}/tasks/:task`, {
      GET: (c) => c.emu.getTask(...at(c), c.p("task")),
      PATCH: (c) => c.emu.updateTask(...at(c), c.p("task"), c.body),
      ...(legacy ? { POST: (c: Call) => c.emu.updateTask(...at(c), c.p("task"), c.body) } : {}),
      DELETE: (c) => c.emu.deleteTask(...at(c), c.p("task")),
    })
    define(`${P}/tasks/:task/subtasks`, { GET: (c) => c.emu.subtasks(...at(c), c.p("task"), c.q) })
    define(`${P}/tasks/:task/comments`, {
      GET: (c) => c.emu.listComments(...at(c), c.p("task"), c.q),
      POST: (c) => c.emu.addComment(...at(c), c.p("task"), c.body),
    })
    define(`${P}/tasks/:task/comments/:comment`, {
      DELETE: (c) => c.emu.deleteComment(...at(c), c.p("task"), c.p("comment")),
    })

    define(`${P}/tasklists`, {
      GET: (c) => c.emu.listTasklists(...at(c), c.q),
      POST: (c) => c.emu.createTasklist(...at(c), c.body),
    })
    define(`${P}/tasklists/:list`, {
      GET: (c) => c.emu.getTasklist(...at(c), c.p("list")),
      PATCH: (c) => c.emu.updateTasklist(...at(c), c.p("list"), c.body),
      DELETE: (c) => c.emu.deleteTasklist(...at(c), c.p("list")),
    })

    const phases = `${P}/${key("phases", "milestones")}`
    define(phases, {
      GET: (c) => c.emu.listMilestones(...at(c), c.q),
      POST: (c) => c.emu.createMilestone(...at(c), c.body),
    })
    define(`${phases}/:milestone`, {
      GET: (c) => c.emu.getMilestone(...at(c), c.p("milestone")),
      PATCH: (c) => c.emu.updateMilestone(...at(c), c.p("milestone"), c.body),
      DELETE: (c) => c.emu.deleteMilestone(...at(c), c.p("milestone")),
    })

    const issues = `${P}/${key("issues", "bugs")}`
    define(issues, {
      GET: (c) => asList(c.emu.listIssues(...at(c), c.q), "issues", "bugs"),
      POST: (c) => c.emu.createIssue(...at(c), c.body),
    })
    define(`${issues}/:issue`, {
      GET: (c) => c.emu.getIssue(...at(c), c.p("issue")),
      PATCH: (c) => c.emu.updateIssue(...at(c), c.p("issue"), c.body),
      DELETE: (c) => c.emu.deleteIssue(...at(c), c.p("issue")),
    })

    const logs = (path: string, target: (c: Call) => LogTarget) => {
      define(path, {
        GET: (c) => asList(c.emu.listLogs(...at(c), target(c), c.q), "time_logs", "timelogs"),
        POST: (c) => c.emu.addLog(...at(c), target(c), c.body),
      })
      define(`${path}/:log`, {
        PATCH: (c) => c.emu.updateLog(...at(c), target(c), c.p("log"), c.body),
        DELETE: (c) => c.emu.deleteLog(...at(c), target(c), c.p("log")),
      })
    }
    logs(`${P}/tasks/:task/logs`, (c) => ({ kind: "task", id: c.p("task") }))
    logs(`${issues}/:issue/logs`, (c) => ({ kind: "issue", id: c.p("issue") }))
    define(`${P}/logs`, {
      GET: (c) => asList(c.emu.listLogs(...at(c), undefined, c.q), "time_logs", "timelogs"),
    })

    define(`${P}/search`, { GET: (c) => c.emu.searchProject(...at(c), c.q) })
    define(`${base}/search`, { GET: (c) => c.emu.searchPortal(c.caller, portal(c), c.q) })
  }
  define(`${V3}/tasks`, { GET: (c) => c.emu.listPortalTasks(c.caller, portal(c), c.q) })
  define(`${V3}/issues`, { GET: (c) => c.emu.listPortalIssues(c.caller, portal(c), c.q) })
  define(`${V3}/module/tasks/statuses`, { GET: (c) => c.emu.workStatuses(c.caller, portal(c), "tasks") })
  define(`${V3}/module/issues/statuses`, { GET: (c) => c.emu.workStatuses(c.caller, portal(c), "issues") })
}
