import { describe, expect, it } from "@effect/vitest"
import type { Field, FieldId, FieldType } from "./model.js"
import { validateValues } from "./validate.js"

const field = (apiName: string, type: FieldType, extra: Partial<Field> = {}): Field => ({
  id: "00000000-0000-4000-8000-000000000000" as FieldId,
  module: "deals",
  apiName,
  label: apiName,
  type,
  required: false,
  unique: false,
  custom: true,
  position: 0,
  ...extra,
})

const cases: ReadonlyArray<readonly [FieldType, unknown, unknown]> = [
  // type, a valid value (as stored), an invalid value
  ["text", "hello", 42],
  ["textarea", "many\nlines", true],
  ["email", "a@b.co", "not-an-email"],
  ["phone", "+33 1 23 45 67 89", "call me"],
  ["url", "https://example.com/x", "javascript:alert(1)"],
  ["number", 12.5, "12"],
  ["currency", 1999.99, 1.999],
  ["percent", 100, 101],
  ["date", "2026-02-28", "2026-02-30"],
  ["datetime", "2026-02-28T10:00:00.000Z", "2026-02-28 10:00"],
  ["boolean", false, "false"],
  ["picklist", "B", "Z"],
  ["lookup", "0b7e5a4c-4a59-4b7e-9d2a-3f1f5d6b7c8d", "42"],
  ["user", "0b7e5a4c-4a59-4b7e-9d2a-3f1f5d6b7c8d", 42],
]

describe("validateValues", () => {
  for (const [type, valid, invalid] of cases) {
    const fields = [
      field(
        "x",
        type,
        type === "picklist" ? { options: ["A", "B"] } : type === "lookup" ? { lookupModule: "accounts" } : {},
      ),
    ]
    it(`accepts a valid ${type} and refuses an invalid one, naming the field`, () => {
      const ok = validateValues(fields, { x: valid }, "create")
      expect(ok._tag === "Valid" && ok.validated.values.x).toEqual(valid)
      const bad = validateValues(fields, { x: invalid }, "create")
      expect(bad._tag === "Invalid" && bad.errors.map((e) => e.field)).toEqual(["x"])
    })
  }

  it("reports every offending field at once", () => {
    const fields = [field("a", "number", { required: true }), field("b", "email"), field("c", "text")]
    const result = validateValues(fields, { b: "nope", d: 1 }, "create")
    expect(result._tag === "Invalid" && result.errors.map((e) => e.field).sort()).toEqual(["a", "b", "d"])
  })

  it("checks on update only the fields given, and refuses clearing a required one", () => {
    const fields = [field("a", "text", { required: true }), field("b", "text")]
    expect(validateValues(fields, { b: "x" }, "update")._tag).toBe("Valid")
    const cleared = validateValues(fields, { a: "  " }, "update")
    expect(cleared._tag === "Invalid" && cleared.errors).toEqual([
      { field: "a", message: "is required", code: "required" },
    ])
    const optional = validateValues(fields, { b: null }, "update")
    expect(optional._tag === "Valid" && optional.validated.values).toEqual({ b: null })
  })

  it("returns lookups and users to check against the database", () => {
    const fields = [field("acc", "lookup", { lookupModule: "accounts" }), field("who", "user")]
    const id = "0B7E5A4C-4A59-4B7E-9D2A-3F1F5D6B7C8D"
    const result = validateValues(fields, { acc: id, who: id }, "create")
    expect(result._tag === "Valid" && result.validated.references).toEqual([
      { field: "acc", target: "accounts", id: id.toLowerCase() },
      { field: "who", target: "users", id: id.toLowerCase() },
    ])
  })
})
