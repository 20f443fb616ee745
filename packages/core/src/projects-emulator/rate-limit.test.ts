import { describe, expect, it } from "vitest"
import { demoEmulator, failure } from "../../test/emulator.js"

describe("rate limiting", () => {
  it("is off until configured", () => {
    expect(demoEmulator().rateCheck("1", "user:1")).toBeUndefined()
  })

  it("locks a user out for the lockout once the window is full, then lets them back", () => {
    const emu = demoEmulator()
    emu.configureRateLimit({ limit: 2, window_s: 60, lockout_s: 300 })
    expect(emu.rateCheck("1", "u")?.remaining).toBe(1)
    expect(emu.rateCheck("1", "u")?.remaining).toBe(0)
    expect(failure(() => emu.rateCheck("1", "u"))).toMatchObject({ status: 429, retryAfter: 300 })
    expect(emu.rateCheck("1", "another")?.remaining).toBe(1)
    emu.advanceClock(299_000)
    expect(failure(() => emu.rateCheck("1", "u")).status).toBe(429)
    emu.advanceClock(1_000)
    expect(emu.rateCheck("1", "u")?.remaining).toBe(1)
  })

  it("names the setting a bad configuration gets wrong", () => {
    const emu = demoEmulator()
    expect(failure(() => emu.configureRateLimit({ limit: 0 })).field).toBe("limit")
    expect(emu.state.rateLimit.enabled).toBe(false)
  })
})
