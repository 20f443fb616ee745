import { describe, expect, it } from "vitest"
import { demoEmulator } from "../../test/emulator.js"

describe("journal", () => {
  it("filters entries by method, path glob, status and sequence", () => {
    const emu = demoEmulator()
    emu.journal({ type: "request", method: "GET", path: "/api/v3/portal/1/projects", status: 200 })
    const second = emu.journal({
      type: "request",
      method: "POST",
      path: "/api/v3/portal/1/projects",
      status: 400,
    })
    emu.journal({ type: "request", method: "GET", path: "/api/v3/portal/1/users/2", status: 200 })
    expect(emu.queryJournal({ path: "/api/v3/portal/*/projects" })).toHaveLength(2)
    expect(emu.queryJournal({ path: "/api/v3/**" })).toHaveLength(3)
    expect(emu.queryJournal({ method: "post" })).toEqual([second])
    expect(emu.queryJournal({ since: String(second.seq) })).toHaveLength(1)
    expect(emu.queryJournal({ status: "200", limit: "1" })[0]?.path).toBe("/api/v3/portal/1/users/2")
  })

  it("keeps the last ten thousand entries", () => {
    const emu = demoEmulator()
    for (let i = 0; i < 11_001; i++) emu.journal({ type: "request", method: "GET", path: `/${i}` })
    expect(emu.state.journal.length).toBe(10_000)
    expect(emu.state.journal.at(-1)?.path).toBe("/11000")
    emu.clearJournal()
    expect(emu.queryJournal({})).toEqual([])
  })
})
