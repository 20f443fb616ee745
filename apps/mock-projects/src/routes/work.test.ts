/**
 * Contract of the work routes (tasks, task lists, milestones, issues, time logs, search) at their V3 and
 * legacy `/restapi/` paths: every answer decodes with the Projects client's Schemas and no unknown field.
 */
import {
  Issue,
  Milestone,
  PageInfo,
  ProjectStatus,
  SearchResult,
  Task,
  TaskComment,
  TaskList,
  TimeLog,
} from "@app/core/projects-client"
import { Schema } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { EMPLOYEE, MANAGER, OWNER, setup } from "../../test/support.js"

type Setup = Awaited<ReturnType<typeof setup>>
let t: Setup
beforeEach(async () => {
  t = await setup()
})
afterEach(() => t.mock.dispose())

const strict = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.decodeUnknownSync(schema, { onExcessProperty: "error" })
/** The items of a wrapped list, after checking the whole answer (items and page_info) strictly. */
const list =
  <A, I>(key: string, schema: Schema.Schema<A, I>) =>
  (json: { [k: string]: unknown }): ReadonlyArray<A> => {
    strict(Schema.Struct({ [key]: Schema.Array(schema), page_info: PageInfo }))(json)
    return strict(Schema.Array(schema))(json[key])
  }

/** The demo's "Website redesign", led by the manager, with Acme's contact as a member. */
const websiteRedesign = async () => {
  const projects = (await t.call("GET", "projects?search_term=website", { as: OWNER })).json
  return String(projects[0].id)
}

const FLAVOURS = [
  {
    name: "V3",
    base: (portal: string) => `/api/v3/portal/${portal}`,
    phases: "phases",
    issues: "issues",
    logs: "time_logs",
    bugs: "issues",
  },
  {
    name: "legacy",
    base: (portal: string) => `/restapi/portal/${portal}`,
    phases: "milestones",
    issues: "bugs",
    logs: "timelogs",
    bugs: "bugs",
  },
] as const

describe.each(FLAVOURS)("work routes ($name)", (f) => {
  it("creates, reads, lists, updates and deletes every kind of work item", async () => {
    const project = await websiteRedesign()
    const P = `${f.base(t.portalId)}/projects/${project}`
    const call = (method: string, path: string, body?: unknown, as = MANAGER) =>
      t.call(method, `${P}/${path}`, { as, ...(body === undefined ? {} : { body }) })

    const milestone = await call("POST", f.phases, {
      name: "Launch",
      start_date: "2026-02-01",
      end_date: "2026-03-01",
    })
    expect(milestone.status).toBe(201)
    strict(Milestone)(milestone.json)
    expect(list("milestones", Milestone)((await call("GET", f.phases)).json).length).toBe(2)
    const closedMilestone = await call("PATCH", `${f.phases}/${milestone.json.id}`, { status: "completed" })
    expect(strict(Milestone)(closedMilestone.json).is_completed).toBe(true)
    strict(Milestone)((await call("GET", `${f.phases}/${milestone.json.id}`)).json)

    const tasklist = await call("POST", "tasklists", { name: "QA", milestone: { id: milestone.json.id } })
    expect(strict(TaskList)(tasklist.json).milestone?.name).toBe("Launch")
    expect((await call("POST", "tasklists", { name: "qa" })).status).toBe(409)
    list("tasklists", TaskList)((await call("GET", "tasklists")).json)
    strict(TaskList)((await call("PATCH", `tasklists/${tasklist.json.id}`, { flag: "external" })).json)
    strict(TaskList)((await call("GET", `tasklists/${tasklist.json.id}`)).json)

    const task = await call("POST", "tasks", {
      name: "Regression pass",
      tasklist: { id: tasklist.json.id },
      priority: "high",
      start_date: "2026-02-02",
      end_date: "2026-02-06",
      custom_fields: { estimate_points: 5 },
    })
    expect(task.status).toBe(201)
    expect(strict(Task)(task.json)).toMatchObject({ priority: "high", tasklist: { name: "QA" } })
    const subtask = await call("POST", "tasks", { name: "Safari", parent_task_id: task.json.id })
    expect(strict(Task)(subtask.json).parent_task_id).toBe(task.json.id)
    expect(list("tasks", Task)((await call("GET", `tasks/${task.json.id}/subtasks`)).json)).toHaveLength(1)
    const comment = await call("POST", `tasks/${task.json.id}/comments`, { content: "Starting Monday" })
    strict(TaskComment)(comment.json)
    list("comments", TaskComment)((await call("GET", `tasks/${task.json.id}/comments`)).json)
    expect((await call("DELETE", `tasks/${task.json.id}/comments/${comment.json.id}`)).status).toBe(204)

    const log = await call("POST", `tasks/${task.json.id}/logs`, { date: "2026-02-02", hours: "02:30" })
    expect(strict(TimeLog)(log.json)).toMatchObject({ hours: "02:30", minutes: 150, bill_status: "billable" })
    expect(strict(Task)((await call("GET", `tasks/${task.json.id}`)).json).log_hours?.billable_hours).toBe(
      "02:30",
    )
    strict(TimeLog)(
      (await call("PATCH", `tasks/${task.json.id}/logs/${log.json.id}`, { bill_status: "non_billable" }))
        .json,
    )
    expect(list(f.logs, TimeLog)((await call("GET", `tasks/${task.json.id}/logs`)).json)).toHaveLength(1)
    expect(list(f.logs, TimeLog)((await call("GET", "logs?bill_status=non_billable")).json)).toHaveLength(1)
    expect((await call("DELETE", `tasks/${task.json.id}/logs/${log.json.id}`)).status).toBe(204)

    const closed = await call("PATCH", `tasks/${task.json.id}`, {
      status: { id: (await t.call("GET", "module/tasks/statuses", { as: OWNER })).json.statuses[3].id },
    })
    expect(strict(Task)(closed.json)).toMatchObject({ is_completed: true, percent_complete: 100 })
    const tasks = list("tasks", Task)((await call("GET", "tasks?status=closed")).json)
    expect(tasks.map((x) => x.name)).toContain("Regression pass")

    const issue = await call("POST", f.issues, {
      title: "Checkout fails on Safari",
      severity: "major",
      milestone: { id: milestone.json.id },
    })
    expect(issue.status).toBe(201)
    expect(strict(Issue)(issue.json)).toMatchObject({ severity: "major", reporter: { email: MANAGER } })
    const issueLog = await call("POST", `${f.issues}/${issue.json.id}/logs`, {
      date: "2026-02-03",
      hours: 1.5,
    })
    expect(strict(TimeLog)(issueLog.json).issue?.title).toBe("Checkout fails on Safari")
    strict(Issue)((await call("PATCH", `${f.issues}/${issue.json.id}`, { severity: "critical" })).json)
    strict(Issue)((await call("GET", `${f.issues}/${issue.json.id}`)).json)
    expect(list(f.bugs, Issue)((await call("GET", `${f.issues}?severity=critical`)).json)).toHaveLength(1)

    const found = (await call("GET", "search?search_term=safari")).json
    expect(
      strict(Schema.Struct({ results: Schema.Array(SearchResult), page_info: PageInfo }))(found).results.map(
        (r) => r.module,
      ),
    ).toEqual(["tasks", "issues"])
    const portalWide = (
      await t.call("GET", `${f.base(t.portalId)}/search?search_term=regression&module=tasks`, { as: OWNER })
    ).json
    expect(portalWide.results).toEqual([
      expect.objectContaining({ module: "tasks", project: expect.objectContaining({ id: project }) }),
    ])

    expect((await call("DELETE", `${f.issues}/${issue.json.id}`)).status).toBe(204)
    expect((await call("DELETE", `tasks/${task.json.id}`)).status).toBe(204)
    expect((await call("GET", `tasks/${subtask.json.id}`)).status).toBe(404)
    expect((await call("DELETE", `tasklists/${tasklist.json.id}`)).status).toBe(204)
    expect((await call("DELETE", `${f.phases}/${milestone.json.id}`)).status).toBe(204)
  })

  it("names the field a bad work body gets wrong and writes nothing", async () => {
    const P = `${f.base(t.portalId)}/projects/${await websiteRedesign()}`
    const before = (await t.call("GET", `${P}/tasks`, { as: OWNER })).json.page_info.total_count
    for (const [path, body, field] of [
      ["tasks", { name: "" }, "name"],
      ["tasks", { name: "x", priority: "urgent" }, "priority"],
      ["tasks", { name: "x", start_date: "2026-02-05", end_date: "2026-02-01" }, "end_date"],
      ["tasks", { name: "x", owners: ["1"] }, "owners"],
      ["tasks", { name: "x", custom_fields: { "Bad Key": 1 } }, "custom_fields"],
      [f.phases, { name: "M", start_date: "2026-02-01" }, "end_date"],
      [f.issues, { title: "x", severity: "cosmic" }, "severity"],
    ] as const) {
      const r = await t.call("POST", `${P}/${path}`, { as: OWNER, body })
      expect([r.status, r.json.error.details[0].field_name]).toEqual([400, field])
    }
    expect((await t.call("GET", `${P}/tasks`, { as: OWNER })).json.page_info.total_count).toBe(before)
  })
})

describe("work permissions", () => {
  it("lets leads manage lists and milestones, members work on tasks, and client users report issues", async () => {
    const project = await websiteRedesign()
    const P = `projects/${project}`
    expect((await t.call("POST", `${P}/tasklists`, { as: EMPLOYEE, body: { name: "Mine" } })).status).toBe(
      403,
    )
    expect((await t.call("POST", `${P}/tasks`, { as: EMPLOYEE, body: { name: "Mine" } })).status).toBe(403)
    const contact = "wile.coyote@acme.test"
    const reported = await t.call("POST", `${P}/issues`, {
      as: contact,
      body: { title: "Invoice total is wrong" },
    })
    expect(reported.status).toBe(201)
    expect((await t.call("POST", `${P}/tasks`, { as: contact, body: { name: "Sneaky" } })).status).toBe(403)
    expect((await t.call("DELETE", `${P}/issues/${reported.json.id}`, { as: contact })).status).toBe(403)
    expect((await t.call("GET", `${P}/tasks`, { as: EMPLOYEE })).status).toBe(403)
    const readonly = await t.call("GET", `${P}/tasks`, {
      headers: {
        authorization: `Zoho-oauthtoken ${(await t.control.tokens(OWNER, { scopes: ["ZohoProjects.projects.READ"] })).access_token}`,
      },
    })
    expect([readonly.status, readonly.json.error.title]).toEqual([401, "INVALID_OAUTHSCOPE"])
  })

  it("never logs more than 24 hours a day for one person", async () => {
    const P = `projects/${await websiteRedesign()}`
    const task = (await t.call("POST", `${P}/tasks`, { as: MANAGER, body: { name: "Long day" } })).json
    expect(
      (
        await t.call("POST", `${P}/tasks/${task.id}/logs`, {
          as: MANAGER,
          body: { date: "2026-02-02", hours: "20:00" },
        })
      ).status,
    ).toBe(201)
    const over = await t.call("POST", `${P}/tasks/${task.id}/logs`, {
      as: MANAGER,
      body: { date: "2026-02-02", hours: 5 },
    })
    expect([over.status, over.json.error.details[0].field_name]).toEqual([400, "hours"])
  })
})

describe("work under the mock's qualities", () => {
  it("journals, diffs, faults and rate-limits task routes like any other", async () => {
    const P = `projects/${await websiteRedesign()}`
    const since = await t.control.checkpoint()
    const task = (await t.call("POST", `${P}/tasks`, { as: MANAGER, body: { name: "Tracked" } })).json
    const diff = await t.control.diff(since)
    expect(diff.created).toEqual([
      expect.objectContaining({
        entity: "task",
        id: task.id,
        data: expect.objectContaining({ name: "Tracked" }),
      }),
    ])
    expect(
      await t.control.journal({ method: "POST", path: "/api/v3/portal/*/projects/*/tasks" }),
    ).toHaveLength(1)
    await t.control.faults.add({
      kind: "status",
      status: 503,
      path: "/api/v3/portal/*/projects/*/tasks",
      count: 1,
    })
    expect((await t.call("GET", `${P}/tasks`, { as: MANAGER })).status).toBe(503)
    expect((await t.call("GET", `${P}/tasks`, { as: MANAGER })).status).toBe(200)
    await t.control.rateLimit({ enabled: true, limit: 1, window_s: 60, lockout_s: 60 })
    await t.call("GET", `${P}/tasks`, { as: MANAGER })
    expect((await t.call("GET", `${P}/tasks`, { as: MANAGER })).status).toBe(429)
  })

  it("seeds the demo portal with tasks, lists, milestones, issues and time logs, the same each time", async () => {
    const first = (await t.call("GET", "tasks?per_page=200", { as: OWNER })).json
    const again = await setup()
    const second = (await again.call("GET", "tasks?per_page=200", { as: OWNER })).json
    again.mock.dispose()
    expect(first.page_info.total_count).toBeGreaterThan(40)
    expect(second).toEqual(first)
    expect(list("tasks", Task)(first).some((x) => x.parent_task_id !== undefined)).toBe(true)
    const issues = (await t.call("GET", "issues", { as: OWNER })).json
    list("issues", Issue)(issues)
    expect(issues.page_info.total_count).toBeGreaterThan(10)
    const project = (await t.call("GET", "projects?search_term=website", { as: OWNER })).json[0]
    expect(project.tasks.open_count + project.tasks.closed_count).toBeGreaterThan(0)
    expect(project.milestones).toEqual({ open_count: 1, closed_count: 0 })
    strict(Schema.Struct({ statuses: Schema.Array(ProjectStatus) }))(
      (await t.call("GET", "module/issues/statuses", { as: OWNER })).json,
    )
  })
})
