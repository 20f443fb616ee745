import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

describe("project writes", () => {
  it("creates a project keyed after the portal, owned and joined by its creator", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const manager = signIn(emu, "manager")
    const view = emu.createProject(manager, portal.id, { name: "Kick-off", is_public: false })
    expect(view).toMatchObject({ name: "Kick-off", key: `${portal.keyPrefix}-11`, is_public_project: false })
    expect(view.owner).toMatchObject({ email: "manager@projects.demo.test" })
    expect(emu.state.changes.at(-1)).toMatchObject({ entity: "project", op: "created", id: view.id })
  })

  it("lets only administrators and managers create and trash, and owners edit", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const employee = signIn(emu, "employee")
    expect(failure(() => emu.createProject(employee, portal.id, { name: "Mine" })).status).toBe(403)
    const own = portal.projectOrder.find((p) => p.name === "Mobile app")
    expect(emu.updateProject(employee, portal.id, String(own?.id), { description: "v2" }).description).toBe(
      "v2",
    )
    expect(failure(() => emu.trashProject(employee, portal.id, String(own?.id))).status).toBe(403)
  })

  it("frees the name and the client's count when a project is trashed", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const p = portal.projectOrder.find((x) => x.name === "CRM rollout")
    const globex = portal.clients.get(String(p?.clientIds[0]))
    const before = globex?.projectsCount ?? 0
    emu.trashProject(owner, portal.id, String(p?.id))
    expect(globex?.projectsCount).toBe(before - 1)
    expect(emu.createProject(owner, portal.id, { name: "CRM rollout" }).name).toBe("CRM rollout")
    expect(failure(() => emu.getProject(owner, portal.id, String(p?.id))).status).toBe(404)
  })

  it("writes nothing when any field of the body is wrong", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const p = portal.projectOrder[0]
    const before = JSON.stringify(emu.getProject(owner, portal.id, String(p?.id)))
    expect(
      failure(() => emu.updateProject(owner, portal.id, String(p?.id), { name: "New", owner: "1" })).field,
    ).toBe("owner")
    expect(JSON.stringify(emu.getProject(owner, portal.id, String(p?.id)))).toBe(before)
  })
})
