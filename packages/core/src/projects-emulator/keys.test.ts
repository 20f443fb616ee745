import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure } from "../../test/emulator.js"

describe("service keys", () => {
  it("shows a key and the portals it is valid for", () => {
    const emu = demoEmulator()
    const view = emu.getKey("admin@projects.demo.test")
    expect(view).toMatchObject({ revoked: false, portal_ids: [demoPortal(emu).id] })
    expect(emu.getKey("manager@projects.demo.test").portal_ids).toEqual([])
  })

  it("makes the old key fail after regenerating, and a revoked key come back by regenerating", () => {
    const emu = demoEmulator()
    const email = "admin@projects.demo.test"
    const old = String(emu.getKey(email).key)
    emu.revokeKey(email)
    expect(failure(() => emu.authenticate({ zscEmail: email, zscKey: old })).detail).toMatch(/revoked/)
    const fresh = String(emu.regenerateKey(email).key)
    expect(fresh).not.toBe(old)
    expect(emu.authenticate({ zscEmail: email, zscKey: fresh }).email).toBe(email)
  })

  it("does not know a key for an unknown person", () => {
    expect(failure(() => demoEmulator().getKey("nobody@x.test")).status).toBe(404)
  })
})
