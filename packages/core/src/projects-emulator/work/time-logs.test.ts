import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

describe("time logs", () => {
  it("reads hours as HH:MM or decimal hours and sums a task's billable time", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const manager = signIn(emu, "manager")
    const project = String(portal.projectOrder.find((p) => p.name === "Website redesign")?.id)
    const task = emu.createTask(manager, portal.id, project, { name: "Timed" })
    const target = { kind: "task" as const, id: String(task.id) }
    emu.addLog(manager, portal.id, project, target, { date: "2026-01-05", hours: "01:15" })
    emu.addLog(manager, portal.id, project, target, { date: "2026-01-05", hours: 0.75 })
    emu.addLog(manager, portal.id, project, target, {
      date: "2026-01-06",
      hours: 2,
      bill_status: "non_billable",
    })
    expect(emu.getTask(manager, portal.id, project, String(task.id)).log_hours).toEqual({
      billable_hours: "02:00",
      non_billable_hours: "02:00",
    })
    expect(
      failure(() => emu.addLog(manager, portal.id, project, target, { date: "2026-01-07", hours: "25:00" }))
        .field,
    ).toBe("hours")
    expect(failure(() => emu.addLog(manager, portal.id, project, target, { hours: 1 })).title).toBe(
      "MANDATORY_FIELD_MISSING",
    )
  })

  it("lets only leads log time for someone else", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const project = String(portal.projectOrder.find((p) => p.name === "Website redesign")?.id)
    const manager = signIn(emu, "manager")
    emu.addProjectUser(manager, portal.id, project, { email: "contractor@projects.demo.test" })
    const contractor = signIn(emu, "contractor")
    const task = emu.createTask(contractor, portal.id, project, { name: "Mine" })
    const target = { kind: "task" as const, id: String(task.id) }
    const lead = emu.memberByEmail(portal, "manager@projects.demo.test")
    const body = { date: "2026-01-05", hours: 1, owner: lead?.zpuid }
    expect(failure(() => emu.addLog(contractor, portal.id, project, target, body)).status).toBe(403)
    expect(emu.addLog(manager, portal.id, project, target, body).owner).toMatchObject({
      email: "manager@projects.demo.test",
    })
  })
})
