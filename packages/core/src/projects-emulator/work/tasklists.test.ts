import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

describe("task lists and milestones", () => {
  it("moves a deleted list's tasks to General, and keeps General while it holds tasks", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const manager = signIn(emu, "manager")
    const project = String(portal.projectOrder.find((p) => p.name === "Website redesign")?.id)
    const list = emu.createTasklist(manager, portal.id, project, { name: "Later" })
    const task = emu.createTask(manager, portal.id, project, { name: "Someday", tasklist: { id: list.id } })
    emu.deleteTasklist(manager, portal.id, project, String(list.id))
    const moved = emu.getTask(manager, portal.id, project, String(task.id))
    expect(moved.tasklist).toMatchObject({ name: "General" })
    const general = (moved.tasklist as { id: string }).id
    expect(failure(() => emu.deleteTasklist(manager, portal.id, project, general)).status).toBe(409)
  })

  it("completes a milestone and unlinks it from lists when deleted; only leads manage them", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const manager = signIn(emu, "manager")
    const project = String(portal.projectOrder.find((p) => p.name === "Website redesign")?.id)
    const m = emu.createMilestone(manager, portal.id, project, {
      name: "Beta",
      start_date: "2026-02-01",
      end_date: "2026-03-01",
    })
    const list = emu.createTasklist(manager, portal.id, project, {
      name: "Beta work",
      milestone: { id: m.id },
    })
    expect(
      emu.updateMilestone(manager, portal.id, project, String(m.id), { status: "completed" }).is_completed,
    ).toBe(true)
    emu.deleteMilestone(manager, portal.id, project, String(m.id))
    expect(emu.getTasklist(manager, portal.id, project, String(list.id)).milestone).toBeUndefined()
    const body = { name: "Mine", start_date: "2026-02-01", end_date: "2026-03-01" }
    expect(failure(() => emu.createMilestone(signIn(emu, "employee"), portal.id, project, body)).status).toBe(
      403,
    )
  })
})
