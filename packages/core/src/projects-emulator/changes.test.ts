import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("checkpoint and diff", () => {
  it("reports what was created, updated and deleted since a checkpoint, once each", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const since = emu.checkpoint()
    const made = emu.createProject(owner, portal.id, { name: "New" })
    emu.updateProject(owner, portal.id, String(made.id), { description: "twice" })
    const old = String(portal.projectOrder[0]?.id)
    emu.updateProject(owner, portal.id, old, { description: "edited" })
    const gone = emu.createProject(owner, portal.id, { name: "Gone" })
    emu.trashProject(owner, portal.id, String(gone.id))
    emu.trashProject(owner, portal.id, String(portal.projectOrder[1]?.id))
    const diff = emu.diff(since)
    expect((diff.created as Array<{ id: string }>).map((c) => c.id)).toEqual([made.id])
    expect((diff.updated as Array<{ id: string }>).map((c) => c.id)).toEqual([old])
    expect(diff.deleted).toHaveLength(1)
  })

  it("names since when it is not a checkpoint", () => {
    expect(failure(() => demoEmulator().diff("yesterday")).field).toBe("since")
  })
})
