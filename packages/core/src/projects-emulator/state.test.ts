import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure } from "../../test/emulator.js"

describe("namespace state", () => {
  it("advances the mock clock and refuses to move it backwards", () => {
    const emu = demoEmulator()
    const before = emu.now()
    expect(emu.advanceClock(60_000)).toBe(before + 60_000)
    expect(failure(() => emu.advanceClock(-1)).field).toBe("seconds")
    expect(emu.now()).toBe(before + 60_000)
  })

  it("restores a snapshot's data but keeps the journal of what happened since", () => {
    const emu = demoEmulator()
    const id = emu.snapshot()
    const portal = demoPortal(emu)
    emu.ensureAccount("late@zylker.test")
    emu.journal({ type: "request", method: "GET", path: "/after" })
    emu.restore(id)
    expect(emu.accountByEmail("late@zylker.test")).toBeUndefined()
    expect(emu.state.portals.get(portal.id)?.name).toBe("zylker-demo")
    expect(emu.queryJournal({ path: "/after" })).toHaveLength(1)
    expect(failure(() => emu.restore("snap_99")).field).toBe("id")
  })

  it("hands out ids seven apart and logs no change while seeding", () => {
    const emu = demoEmulator()
    const a = BigInt(emu.newId())
    expect(BigInt(emu.newId()) - a).toBe(7n)
    expect(emu.state.changes).toEqual([])
    emu.withoutChangeLog(() => emu.logChange("portal", "updated", "1", "1"))
    expect(emu.state.changes).toEqual([])
    emu.logChange("portal", "updated", "1", "1")
    expect(emu.state.changes).toHaveLength(1)
  })

  it("empties the namespace on reset", () => {
    const emu = demoEmulator()
    emu.reset()
    expect(emu.state.portals.size).toBe(0)
    expect(emu.state.accounts.size).toBe(0)
  })
})
