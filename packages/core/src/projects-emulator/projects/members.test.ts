import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

describe("project users and clients", () => {
  it("adds a portal user to a project once, by email or id", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const manager = signIn(emu, "manager")
    const p = String(portal.projectOrder.find((x) => x.name === "Website redesign")?.id)
    const added = emu.addProjectUser(manager, portal.id, p, { email: "contractor@projects.demo.test" })
    expect(added.email).toBe("contractor@projects.demo.test")
    expect(failure(() => emu.addProjectUser(manager, portal.id, p, { user_id: added.id })).status).toBe(409)
    expect(emu.listProjectUsers(manager, portal.id, p, {}).page_info).toMatchObject({ total_count: 3 })
  })

  it("keeps the owner in their project and employees out of membership changes", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const project = portal.projectOrder.find((x) => x.name === "Mobile app")
    const p = String(project?.id)
    expect(
      failure(() => emu.removeProjectUser(signIn(emu, "owner"), portal.id, p, String(project?.owner))).status,
    ).toBe(409)
    const employee = signIn(emu, "employee")
    expect(
      failure(() => emu.addProjectUser(employee, portal.id, p, { email: "admin@projects.demo.test" })).status,
    ).toBe(403)
  })

  it("links and unlinks a client, keeping its project count", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const p = String(portal.projectOrder.find((x) => x.name === "Marketing site")?.id)
    const stark = [...portal.clients.values()].find((c) => c.name === "Stark Industries")
    emu.linkProjectClient(owner, portal.id, p, { client_id: stark?.id })
    expect(stark?.projectsCount).toBe(1)
    expect(emu.listProjectClients(owner, portal.id, p).clients).toEqual([
      expect.objectContaining({ name: "Stark Industries" }),
    ])
    emu.unlinkProjectClient(owner, portal.id, p, String(stark?.id))
    expect(stark?.projectsCount).toBe(0)
  })
})
