import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

describe("search", () => {
  it("finds projects, tasks and issues by name, only where the caller reads", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const project = String(portal.projectOrder.find((p) => p.name === "Security audit")?.id)
    emu.createTask(owner, portal.id, project, { name: "Penetration test" })
    const hits = emu.searchPortal(owner, portal.id, { search_term: "PENETRATION" }).results as Array<{
      module: string
    }>
    expect(hits.map((h) => h.module)).toEqual(["tasks"])
    expect(
      emu.searchPortal(signIn(emu, "employee"), portal.id, { search_term: "penetration" }).results,
    ).toEqual([])
    expect(
      (emu.searchPortal(owner, portal.id, { search_term: "audit", module: "projects" }).results as unknown[])
        .length,
    ).toBe(1)
  })

  it("needs a term, and keeps project search to the project's own modules", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const project = String(portal.projectOrder[0]?.id)
    expect(failure(() => emu.searchPortal(owner, portal.id, {})).field).toBe("search_term")
    expect(
      failure(() => emu.searchProject(owner, portal.id, project, { search_term: "x", module: "projects" }))
        .field,
    ).toBe("module")
  })
})
