import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { FieldType, type FieldValue } from "../../crm/model.js"
import { compatibility, type ProjectFieldType, ProjectFieldTypes } from "./compatibility.js"
import { type ConvertContext, convertValue } from "./draft-values.js"

const context: ConvertContext = {
  crmUser: (id) => (id === "u-ada" ? { email: "Ada@Example.test", name: "Ada Admin" } : undefined),
  recordName: (id) => (id === "acc-1" ? "Acme Corp" : undefined),
  portalUser: (email) =>
    email.toLowerCase() === "ada@example.test" ? { zpuid: "9001", name: "Ada" } : undefined,
}

const target = (type: ProjectFieldType, options: ReadonlyArray<string> = [], maxLength?: number) => ({
  type,
  options,
  maxLength,
})
const source = (type: FieldType) => ({ apiName: "f", type })

// [project type, CRM type, CRM value, expected value (undefined: empty, string: reason contains)]
const filled: ReadonlyArray<readonly [ProjectFieldType, FieldType, FieldValue, unknown]> = [
  ["decimal", "currency", 1234.5, 1234.5],
  ["currency", "currency", 99, 99],
  ["number", "number", 12, 12],
  ["percent", "percent", 40, 40],
  ["date", "datetime", "2026-03-04T23:30:00Z", "2026-03-04"],
  ["date", "date", "2026-03-04", "2026-03-04"],
  ["datetime", "date", "2026-03-04", "2026-03-04T00:00:00.000Z"],
  ["text", "picklist", "Closed Won", "Closed Won"],
  ["text", "currency", 10.5, "10.5"],
  ["text", "boolean", true, "Yes"],
  ["text", "lookup", "acc-1", "Acme Corp"],
  ["text", "user", "u-ada", "Ada Admin"],
  ["multiline", "textarea", "line 1\nline 2", "line 1\nline 2"],
  ["picklist", "picklist", "gold", "Gold"],
  ["multi_select", "picklist", "Silver", ["Silver"]],
  ["user_picklist", "user", "u-ada", "9001"],
  ["multi_user_picklist", "user", "u-ada", ["9001"]],
  ["boolean", "boolean", false, false],
  ["email", "email", "a@b.test", "a@b.test"],
]

const refused: ReadonlyArray<readonly [ProjectFieldType, FieldType, FieldValue, string]> = [
  ["number", "number", 12.5, "not a whole number"],
  ["percent", "number", 150, "outside 0–100"],
  ["picklist", "picklist", "Platinum", 'option "Platinum" has no counterpart'],
  ["user_picklist", "user", "u-gone", "no longer exists"],
  ["date", "datetime", "not a date", "is not a date"],
  ["text", "lookup", "acc-gone", "linked record acc-gone no longer exists"],
  ["email", "text", "a@b.test", "only an email field"],
]

describe("convertValue", () => {
  it.each(filled)(
    "fills a %s project field from a CRM %s value %j",
    (projectType, crmType, value, expected) => {
      const result = convertValue(
        target(projectType, ["Gold", "Silver", "Bronze"]),
        source(crmType),
        value,
        context,
      )
      expect(result).toMatchObject({ _tag: "Filled", value: expected })
    },
  )

  it.each(refused)(
    "leaves a %s project field empty from a CRM %s value %j and says why",
    (projectType, crmType, value, reason) => {
      const result = convertValue(
        target(projectType, ["Gold", "Silver", "Bronze"]),
        source(crmType),
        value,
        context,
      )
      expect(result._tag).toBe("Unconvertible")
      expect(result._tag === "Unconvertible" ? result.reason : "").toContain(reason)
    },
  )

  it("leaves a user field empty when the CRM user is not in the portal", () => {
    const outsider: ConvertContext = { ...context, portalUser: () => undefined }
    const result = convertValue(target("user_picklist"), source("user"), "u-ada", outsider)
    expect(result).toEqual({
      _tag: "Unconvertible",
      reason: "Ada@Example.test is not an active user of the portal",
    })
  })

  it("refuses text longer than the project field takes", () => {
    const result = convertValue(target("text", [], 5), source("text"), "too long a name", context)
    expect(result).toMatchObject({ _tag: "Unconvertible", reason: expect.stringContaining("at most 5") })
  })

  it.each([null, undefined, ""])("treats %j as no value, not as a problem", (value) => {
    expect(convertValue(target("text"), source("text"), value ?? undefined, context)).toEqual({
      _tag: "Empty",
    })
  })
})

describe("convertValue, for any pair of types and any value", () => {
  const ProjectType = Schema.Literal(...ProjectFieldTypes)
  const Value = Schema.Union(Schema.String, Schema.Number, Schema.Boolean, Schema.Null)
  const options = ["Gold", "Silver", "Bronze"]

  it.prop(
    "fills only what the compatibility rules allow, and a picklist only with one of its options",
    [ProjectType, FieldType, Value],
    ([projectType, crmType, value]) => {
      const result = convertValue(target(projectType, options), source(crmType), value, context)
      if (!compatibility(projectType, crmType).compatible) expect(result._tag).not.toBe("Filled")
      if (result._tag === "Filled" && projectType === "picklist") expect(options).toContain(result.value)
      if (result._tag === "Unconvertible") expect(result.reason.length).toBeGreaterThan(0)
    },
  )
})
