import { describe, expect, it } from "vitest"
import { demoEmulator, failure } from "../../test/emulator.js"
import { globToRegExp } from "./faults.js"

describe("faults", () => {
  it("matches a path glob: * within a segment, ** across", () => {
    expect(globToRegExp("/api/v3/portal/*/projects").test("/api/v3/portal/1/projects")).toBe(true)
    expect(globToRegExp("/api/v3/portal/*/projects").test("/api/v3/portal/1/x/projects")).toBe(false)
    expect(globToRegExp("/api/**").test("/api/v3/portal/1/projects/2")).toBe(true)
    expect(globToRegExp("re:^/api/v3/portal/\\d+$").test("/api/v3/portal/12")).toBe(true)
  })

  it("fires a counted fault that many times, on its method only", () => {
    const emu = demoEmulator()
    const fault = emu.addFault({ kind: "status", status: 503, method: "get", path: "/api/**", count: 2 })
    expect(emu.matchFault("POST", "/api/v3/portals")).toBeUndefined()
    expect(emu.matchFault("GET", "/api/v3/portals")?.id).toBe(fault.id)
    expect(emu.matchFault("GET", "/api/v3/portals")?.hits).toBe(2)
    expect(emu.matchFault("GET", "/api/v3/portals")).toBeUndefined()
  })

  it("fires a probable fault the same way for the same seed", () => {
    const run = () => {
      const emu = demoEmulator()
      emu.addFault({ kind: "drop", probability: 0.5, seed: 42 })
      return Array.from({ length: 20 }, () => emu.matchFault("GET", "/x") !== undefined)
    }
    expect(run()).toEqual(run())
    expect(run()).toContain(true)
    expect(run()).toContain(false)
  })

  it("names the fault setting it cannot use, and removes faults", () => {
    const emu = demoEmulator()
    expect(failure(() => emu.addFault({ kind: "flood" })).field).toBe("kind")
    expect(failure(() => emu.addFault({ kind: "latency", latency_ms: -1 })).field).toBe("latency_ms")
    emu.addFault({ kind: "latency" })
    emu.removeFault()
    expect(emu.state.faults).toEqual([])
  })
})
