import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("authentication and access", () => {
  it("refuses a missing, malformed, unknown or expired token", () => {
    const emu = demoEmulator()
    expect(failure(() => emu.authenticate({})).title).toBe("INVALID_OAUTHTOKEN")
    expect(failure(() => emu.authenticate({ authorization: "Bearer x" })).detail).toMatch(/scheme/)
    expect(failure(() => emu.authenticate({ authorization: "Zoho-oauthtoken nope" })).status).toBe(401)
    const token = String(
      emu.issueToken({ email: "owner@projects.demo.test", expires_in: 1 }, "").access_token,
    )
    emu.advanceClock(1000)
    expect(failure(() => emu.authenticate({ authorization: `Zoho-oauthtoken ${token}` })).detail).toMatch(
      /expired/,
    )
  })

  it("checks the scope before the portal, and the portal before membership", () => {
    const emu = demoEmulator()
    const readOnly = signIn(emu, "owner", ["ZohoProjects.projects.READ"])
    expect(failure(() => emu.createProject(readOnly, "404", { name: "x" })).title).toBe("INVALID_OAUTHSCOPE")
    expect(failure(() => emu.getProject(readOnly, "404", "1")).status).toBe(404)
    const outsider = emu.ensureAccount("outsider@elsewhere.test")
    const caller = signIn(emu, outsider.email)
    expect(failure(() => emu.getPortal(caller, demoPortal(emu).id)).status).toBe(403)
  })

  it("lets a service key act only where its owner is an active administrator", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const key = String(emu.getKey("manager@projects.demo.test").key)
    const caller = emu.authenticate({ zscEmail: "manager@projects.demo.test", zscKey: key })
    expect(failure(() => emu.listProjects(caller, portal.id, {})).title).toBe("INVALID_KEY")
    expect(failure(() => emu.authenticate({ zscEmail: "manager@projects.demo.test" })).detail).toMatch(/Key/)
  })

  it("counts requests against the user behind the token or key", () => {
    const emu = demoEmulator()
    const caller = signIn(emu, "owner")
    const token = String(emu.issueToken({ email: "owner@projects.demo.test" }, "").access_token)
    expect(emu.identityOf({ authorization: `Zoho-oauthtoken ${token}` })).toBe(`user:${caller.zuid}`)
    expect(emu.identityOf({ zscEmail: "owner@projects.demo.test" })).toBe(`user:${caller.zuid}`)
  })
})
