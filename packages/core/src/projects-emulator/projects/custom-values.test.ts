import { describe, expect, it } from "vitest"
import { failure } from "../../../test/emulator.js"
import type { FieldDef, FieldType, Portal } from "../model.js"
import { customValue } from "./custom-values.js"

const field = (fieldType: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  id: "1",
  name: "F",
  apiName: "projects_cf_0001",
  fieldType,
  isCustom: true,
  isMandatory: false,
  sequence: 1,
  layoutIds: [],
  ...extra,
})
const portal = { members: new Map([["5", { zpuid: "5", isActive: true }]]) } as unknown as Portal

describe("custom field values", () => {
  it("reads numbers given as text and refuses fractions in an integer field", () => {
    expect(customValue(portal, field("decimal"), "12.5")).toBe(12.5)
    expect(failure(() => customValue(portal, field("number"), 1.5)).detail).toMatch(/integer/)
  })

  it("keeps percentages between 0 and 100 and dates real", () => {
    expect(failure(() => customValue(portal, field("percent"), 101)).field).toBe("projects_cf_0001")
    expect(customValue(portal, field("date"), "12-31-2026")).toBe("2026-12-31")
    expect(failure(() => customValue(portal, field("date"), "2026-02-30")).detail).toMatch(/not a valid/)
  })

  it("accepts only listed values and active users", () => {
    const pick = field("multi_select", { pickListValues: [{ id: "9", value: "Email", sequence: 1 }] })
    expect(customValue(portal, pick, ["Email"])).toEqual(["Email"])
    expect(failure(() => customValue(portal, pick, ["Fax"])).detail).toMatch(/listed/)
    expect(customValue(portal, field("user_picklist"), { zpuid: "5" })).toBe("5")
    expect(failure(() => customValue(portal, field("user_picklist"), "6")).detail).toMatch(/active user/)
  })
})
