import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("project groups", () => {
  it("counts the projects in each group", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const groups = emu.listGroups(signIn(emu, "employee"), portal.id, {}).groups
    expect(groups).toEqual([
      expect.objectContaining({ name: "Key accounts", projects_count: 7 }),
      expect.objectContaining({ name: "Internal", projects_count: 3 }),
    ])
  })

  it("lets managers create a group with a new name, and no one else", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const made = emu.createGroup(signIn(emu, "manager"), portal.id, { name: "Pilots" })
    expect(emu.getGroup(signIn(emu, "owner"), portal.id, String(made.id)).name).toBe("Pilots")
    expect(failure(() => emu.createGroup(signIn(emu, "manager"), portal.id, { name: "pilots" })).status).toBe(
      409,
    )
    expect(failure(() => emu.createGroup(signIn(emu, "employee"), portal.id, { name: "Mine" })).status).toBe(
      403,
    )
  })
})
