import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure } from "../../../test/emulator.js"
import { projectPatch } from "./patch.js"

describe("project patch", () => {
  it("refuses a name another project has, ignoring case, but not the project's own", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const own = portal.projectOrder[0]
    expect(failure(() => projectPatch(emu, portal, { name: "mobile APP" }, undefined)).status).toBe(409)
    expect(projectPatch(emu, portal, { name: own?.name.toUpperCase() }, own).patch.name).toBe(
      own?.name.toUpperCase(),
    )
  })

  it("accepts is_public as yes/no or a boolean, and ignores keys it does not know", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    expect(projectPatch(emu, portal, { name: "A", is_public: "yes" }, undefined).patch.isPublic).toBe(true)
    expect(projectPatch(emu, portal, { name: "B", is_public: false }, undefined).patch.isPublic).toBe(false)
    expect(projectPatch(emu, portal, { name: "C", colour: "teal" }, undefined).patch.changed).toEqual([
      "name",
    ])
    expect(failure(() => projectPatch(emu, portal, { name: "D", is_public: "maybe" }, undefined)).field).toBe(
      "is_public",
    )
  })

  it("keeps the end date on or after the start date, against the stored start", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const p = portal.projectOrder[0]
    expect(failure(() => projectPatch(emu, portal, { end_date: "2020-01-01" }, p)).field).toBe("end_date")
  })

  it("fills custom defaults on create and refuses a field outside the project's layout", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const { custom } = projectPatch(emu, portal, { name: "E" }, undefined)
    expect(Object.values(custom)).toContain("Silver")
    const internalOnly = portal.fields.find((f) => f.name === "Cost center")
    expect(
      failure(() => projectPatch(emu, portal, { name: "F", [String(internalOnly?.apiName)]: "x" }, undefined))
        .detail,
    ).toMatch(/layout/)
  })
})
