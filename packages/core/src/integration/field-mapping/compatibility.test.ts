import { describe, expect, it } from "@effect/vitest"
import type { FieldType } from "../../crm/model.js"
import { compatibility, missingOptions, type ProjectFieldType } from "./compatibility.js"

// The rules as a table: [project field type, CRM field type, compatible?]
const table: ReadonlyArray<readonly [ProjectFieldType, FieldType, boolean]> = [
  ["text", "text", true],
  ["text", "currency", true],
  ["text", "user", true],
  ["multiline", "textarea", true],
  ["multiline", "number", false],
  ["email", "email", true],
  ["email", "text", false],
  ["phone", "phone", true],
  ["phone", "email", false],
  ["url", "url", true],
  ["url", "text", false],
  ["number", "number", true],
  ["number", "currency", false],
  ["decimal", "currency", true],
  ["decimal", "percent", true],
  ["decimal", "text", false],
  ["currency", "currency", true],
  ["currency", "number", true],
  ["currency", "date", false],
  ["percent", "percent", true],
  ["percent", "boolean", false],
  ["date", "date", true],
  ["date", "datetime", true],
  ["date", "text", false],
  ["datetime", "date", true],
  ["boolean", "boolean", true],
  ["boolean", "picklist", false],
  ["picklist", "picklist", true],
  ["picklist", "text", false],
  ["multi_select", "picklist", true],
  ["user_picklist", "user", true],
  ["user_picklist", "email", false],
  ["multi_user_picklist", "user", true],
  ["multi_user_picklist", "lookup", false],
]

describe("field mapping compatibility", () => {
  it.each(table)("a %s project field from a CRM %s field: %s", (projectType, crmType, expected) => {
    const result = compatibility(projectType, crmType)
    expect(result.compatible).toBe(expected)
    if (!result.compatible) expect(result.reason).toContain(`a ${crmType} field cannot fill a ${projectType}`)
  })

  it("lists the picklist options with no counterpart, ignoring case and spaces", () => {
    expect(missingOptions(["Gold", "Silver ", "Bronze"], ["gold", "silver"])).toEqual(["Bronze"])
    expect(missingOptions([], ["gold"])).toEqual([])
  })
})
