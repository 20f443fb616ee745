// Turns a submitted record form into typed field values, by metadata type.
import type { FieldMeta, FieldValue } from "../../api/types"

const numeric = new Set<FieldMeta["type"]>(["number", "currency", "percent"])

export function valuesFromForm(form: FormData, fields: ReadonlyArray<FieldMeta>): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {}
  for (const field of fields) {
    if (field.type === "boolean") {
      values[field.apiName] = form.get(field.apiName) === "on"
      continue
    }
    const raw = form.get(field.apiName)
    const text = typeof raw === "string" ? raw.trim() : ""
    if (text === "") {
      values[field.apiName] = null
    } else if (numeric.has(field.type)) {
      const n = Number(text)
      // An unparseable number goes to the server as typed, so its refusal names the field.
      values[field.apiName] = Number.isFinite(n) ? n : text
    } else if (field.type === "datetime") {
      const date = new Date(text)
      values[field.apiName] = Number.isNaN(date.getTime()) ? text : date.toISOString()
    } else {
      values[field.apiName] = field.type === "textarea" && typeof raw === "string" ? raw : text
    }
  }
  return values
}
