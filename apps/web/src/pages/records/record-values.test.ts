import { describe, expect, it } from "vitest"
import type { FieldMeta } from "../../api/types"
import { valuesFromForm } from "./record-values"

const field = (apiName: string, type: FieldMeta["type"]): FieldMeta => ({
  id: `f-${apiName}`,
  module: "deals",
  unique: false,
  apiName,
  label: apiName,
  type,
  required: false,
  custom: false,
  position: 0,
})

describe("valuesFromForm", () => {
  it("types each value by its field: numbers, booleans, empty as null", () => {
    const form = new FormData()
    form.set("amount", "1250.50")
    form.set("name", "  Acme renewal ")
    form.set("closing", "")
    form.set("won", "on")
    const values = valuesFromForm(form, [
      field("amount", "currency"),
      field("name", "text"),
      field("closing", "date"),
      field("won", "boolean"),
      field("lost", "boolean"),
    ])
    expect(values).toEqual({ amount: 1250.5, name: "Acme renewal", closing: null, won: true, lost: false })
  })

  it("passes an unparseable number through so the server can name the field", () => {
    const form = new FormData()
    form.set("probability", "ten")
    expect(valuesFromForm(form, [field("probability", "percent")])).toEqual({ probability: "ten" })
  })
})
