import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

const setup = () => {
  const emu = demoEmulator()
  const portal = demoPortal(emu)
  const project = String(portal.projectOrder.find((p) => p.name === "Website redesign")?.id)
  return { emu, portal, project }
}

describe("tasks", () => {
  it("puts a task without a list in the project's General list and keys it after the portal", () => {
    const { emu, portal, project } = setup()
    const made = emu.createTask(signIn(emu, "manager"), portal.id, project, { name: "Kick-off call" })
    expect(made).toMatchObject({
      tasklist: { name: "General" },
      priority: "none",
      key: expect.stringMatching(/-T\d+$/),
    })
  })

  it("lets owners and creators edit their task, and only leads or the creator delete it", () => {
    const { emu, portal, project } = setup()
    const manager = signIn(emu, "manager")
    const contractor = signIn(emu, "contractor")
    emu.addProjectUser(manager, portal.id, project, { email: "contractor@projects.demo.test" })
    const task = emu.createTask(contractor, portal.id, project, { name: "Mine" })
    expect(
      emu.updateTask(contractor, portal.id, project, String(task.id), { priority: "low" }).priority,
    ).toBe("low")
    const theirs = emu.createTask(manager, portal.id, project, { name: "Theirs" })
    expect(
      failure(() => emu.updateTask(contractor, portal.id, project, String(theirs.id), { name: "x" })).status,
    ).toBe(403)
    expect(failure(() => emu.deleteTask(contractor, portal.id, project, String(theirs.id))).status).toBe(403)
  })

  it("deletes a task with its subtasks and their time logs", () => {
    const { emu, portal, project } = setup()
    const manager = signIn(emu, "manager")
    const parent = emu.createTask(manager, portal.id, project, { name: "Parent" })
    const child = emu.createTask(manager, portal.id, project, { name: "Child", parent_task_id: parent.id })
    emu.addLog(
      manager,
      portal.id,
      project,
      { kind: "task", id: String(child.id) },
      { date: "2026-01-02", hours: 1 },
    )
    expect(
      failure(() =>
        emu.createTask(manager, portal.id, project, { name: "Grandchild", parent_task_id: child.id }),
      ).field,
    ).toBe("parent_task_id")
    emu.deleteTask(manager, portal.id, project, String(parent.id))
    expect(failure(() => emu.getTask(manager, portal.id, project, String(child.id))).status).toBe(404)
    expect(emu.listLogs(manager, portal.id, project, undefined, {}).time_logs).toEqual(
      expect.not.arrayContaining([
        expect.objectContaining({ task: expect.objectContaining({ id: child.id }) }),
      ]),
    )
  })

  it("sends task events only to subscriptions that asked for them", () => {
    const { emu, portal, project } = setup()
    const admin = signIn(emu, "admin")
    emu.createWebhook(admin, portal.id, { url: "https://crm.test/projects" })
    emu.createWebhook(admin, portal.id, {
      url: "https://crm.test/tasks",
      events: ["task.created", "task.updated"],
    })
    const task = emu.createTask(admin, portal.id, project, { name: "Watched" })
    emu.updateTask(admin, portal.id, project, String(task.id), { priority: "high" })
    const sent = emu
      .takeDueDeliveries()
      .map((d) => [d.url, JSON.parse(d.body).event, JSON.parse(d.body).changed_fields])
    expect(sent).toEqual([
      ["https://crm.test/tasks", "task.created", []],
      ["https://crm.test/tasks", "task.updated", ["priority"]],
    ])
  })

  it("lists the portal's tasks across the projects the caller reads, page by page", () => {
    const { emu, portal } = setup()
    const owner = signIn(emu, "owner")
    const first = emu.listPortalTasks(owner, portal.id, { per_page: "10" })
    const total = Number((first.page_info as { total_count: number }).total_count)
    const seen = new Set<string>()
    for (let page = 1; (page - 1) * 10 < total; page++)
      for (const t of emu.listPortalTasks(owner, portal.id, { per_page: "10", page: String(page) })
        .tasks as Array<{ id: string }>)
        seen.add(t.id)
    expect(seen.size).toBe(total)
    const employee = emu.listPortalTasks(signIn(emu, "employee"), portal.id, { per_page: "200" })
    expect(Number((employee.page_info as { total_count: number }).total_count)).toBeLessThan(total)
  })
})
