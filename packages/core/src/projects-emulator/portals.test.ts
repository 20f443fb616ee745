import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn, withKey } from "../../test/emulator.js"

describe("portals", () => {
  it("lists the caller's portals, the first being the default", () => {
    const emu = demoEmulator()
    const [first] = emu.listPortals(signIn(emu, "employee"))
    expect(first).toMatchObject({ name: "zylker-demo", default: true, role: "employee" })
  })

  it("gives a new portal its five statuses, standard fields and the creator as owner", () => {
    const emu = demoEmulator()
    const view = emu.createPortal(signIn(emu, "employee"), { name: "second" })
    const portal = emu.state.portals.get(String(view.id))
    expect(portal?.statuses.map((s) => s.name)).toEqual([
      "Active",
      "In Progress",
      "On Hold",
      "Completed",
      "Cancelled",
    ])
    expect(portal?.members.get(portal.ownerZpuid)?.email).toBe("employee@projects.demo.test")
  })

  it("revokes the previous owner's service key for the portal when ownership changes", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    withKey(emu, "owner")
    emu.transferPortal(portal.id, "admin@projects.demo.test")
    expect(failure(() => emu.getPortal(withKey(emu, "owner"), portal.id)).title).toBe("INVALID_KEY")
    expect(emu.getPortal(withKey(emu, "admin"), portal.id).id).toBe(portal.id)
  })
})
