import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("portal users", () => {
  it("adds a user as an employee unless a role is given, once", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    expect(emu.addUser(admin, portal.id, { email: "new@zylker.test" }).role).toMatchObject({
      name: "Employee",
    })
    expect(emu.addUser(admin, portal.id, { email: "lead@zylker.test", role: "manager" }).role).toMatchObject({
      name: "Manager",
    })
    expect(failure(() => emu.addUser(admin, portal.id, { email: "NEW@zylker.test" })).status).toBe(409)
    expect(
      failure(() => emu.addUser(admin, portal.id, { email: "c@zylker.test", role: "Client" })).field,
    ).toBe("role")
  })

  it("keeps the owner an active administrator", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    expect(
      failure(() => emu.updateUser(admin, portal.id, portal.ownerZpuid, { role: "Employee" })).status,
    ).toBe(403)
    expect(failure(() => emu.removeUser(admin, portal.id, portal.ownerZpuid)).status).toBe(403)
  })

  it("hands the projects a removed user owned to the portal owner", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    emu.removeUser(signIn(emu, "admin"), portal.id, "employee@projects.demo.test")
    const mobile = portal.projectOrder.find((p) => p.name === "Mobile app")
    expect(mobile?.owner).toBe(portal.ownerZpuid)
    expect(emu.memberByEmail(portal, "employee@projects.demo.test")).toBeUndefined()
  })

  it("filters users by type and search, and keeps client users from listing staff", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    expect(emu.listUsers(owner, portal.id, { type: "2" }).page_info).toMatchObject({ total_count: 6 })
    expect(emu.listUsers(owner, portal.id, { search_term: "maria" }).users).toHaveLength(1)
    expect(failure(() => emu.listUsers(signIn(emu, "wile.coyote@acme.test"), portal.id, {})).status).toBe(403)
  })

  it("places a user with a role as the business event asks, even if already there", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    expect(emu.placeUser(portal.id, "employee@projects.demo.test", "Manager").role).toMatchObject({
      name: "Manager",
    })
    expect(emu.roles(signIn(emu, "owner"), portal.id, "profiles").profiles).toHaveLength(5)
  })
})
