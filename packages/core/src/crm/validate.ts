/**
 * Pure validation of record values against field metadata: every offending field is reported (by
 * api name) so a form can show them all at once. References (lookup, user) are returned for the
 * caller to check against the database.
 */
import type { FieldProblem } from "./errors.js"
import type { Field, FieldValue, Module } from "./model.js"

export interface Reference {
  readonly field: string
  readonly target: Module | "users"
  readonly id: string
}

export interface Validated {
  readonly values: Record<string, FieldValue>
  readonly references: ReadonlyArray<Reference>
}

export type Validation =
  | { readonly _tag: "Valid"; readonly validated: Validated }
  | { readonly _tag: "Invalid"; readonly errors: ReadonlyArray<FieldProblem> }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9 ().-]{3,30}$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

const MAX_TEXT = 255
const MAX_TEXTAREA = 32_000
const MAX_NUMBER = 1e15

const isRealDate = (value: string) => {
  const match = DATE.exec(value)
  if (!match) return false
  const [, y, m, d] = match.map(Number)
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1))
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d
}

const decimals = (value: number) => {
  const text = String(value)
  const dot = text.indexOf(".")
  return dot < 0 || text.includes("e") ? 0 : text.length - dot - 1
}

type Checked =
  | { readonly ok: FieldValue }
  | { readonly error: string; readonly code: string; readonly params?: Readonly<Record<string, number>> }

/** Checks one non-empty value; returns the stored value or an error message with its code. */
const checkValue = (field: Field, value: unknown): Checked => {
  switch (field.type) {
    case "text":
    case "textarea": {
      if (typeof value !== "string") return { error: "must be text", code: "text" }
      const max = field.type === "text" ? MAX_TEXT : MAX_TEXTAREA
      const text = field.type === "text" ? value.trim() : value
      return text.length > max
        ? { error: `must be at most ${max} characters`, code: "tooLong", params: { max } }
        : { ok: text }
    }
    case "email":
      return typeof value === "string" && EMAIL.test(value.trim()) && value.length <= 254
        ? { ok: value.trim() }
        : { error: "must be an email address", code: "email" }
    case "phone":
      return typeof value === "string" && PHONE.test(value.trim())
        ? { ok: value.trim() }
        : { error: "must be a phone number", code: "phone" }
    case "url": {
      if (typeof value !== "string" || value.length > 2048)
        return { error: "must be an http(s) URL", code: "url" }
      try {
        const url = new URL(value.trim())
        return url.protocol === "http:" || url.protocol === "https:"
          ? { ok: value.trim() }
          : { error: "must be an http(s) URL", code: "url" }
      } catch {
        return { error: "must be an http(s) URL", code: "url" }
      }
    }
    case "number":
      return typeof value === "number" && Number.isFinite(value) && Math.abs(value) < MAX_NUMBER
        ? { ok: value }
        : { error: "must be a number", code: "number" }
    case "currency":
      if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) >= MAX_NUMBER) {
        return { error: "must be an amount", code: "amount" }
      }
      return decimals(value) > 2
        ? { error: "must have at most 2 decimals", code: "decimals", params: { max: 2 } }
        : { ok: value }
    case "percent":
      return typeof value === "number" && value >= 0 && value <= 100
        ? { ok: value }
        : { error: "must be a number from 0 to 100", code: "percent" }
    case "date":
      return typeof value === "string" && isRealDate(value)
        ? { ok: value }
        : { error: "must be a date (YYYY-MM-DD)", code: "date" }
    case "datetime":
      return typeof value === "string" && DATETIME.test(value) && !Number.isNaN(Date.parse(value))
        ? { ok: new Date(value).toISOString() }
        : { error: "must be a date and time with a time zone (ISO 8601)", code: "datetime" }
    case "boolean":
      return typeof value === "boolean" ? { ok: value } : { error: "must be true or false", code: "boolean" }
    case "picklist":
      return typeof value === "string" && (field.options ?? []).includes(value)
        ? { ok: value }
        : { error: `must be one of: ${(field.options ?? []).join(", ")}`, code: "picklist" }
    case "lookup":
    case "user":
      return typeof value === "string" && UUID.test(value)
        ? { ok: value.toLowerCase() }
        : { error: "must be an id", code: "id" }
  }
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (typeof value === "string" && value.trim() === "")

/**
 * Validates `input` for a create (every required field present) or an update (only the given
 * fields; a required one cannot be cleared). Empty strings and null clear a value.
 */
export const validateValues = (
  fields: ReadonlyArray<Field>,
  input: Readonly<Record<string, unknown>>,
  mode: "create" | "update",
): Validation => {
  const byName = new Map(fields.map((f) => [f.apiName, f]))
  const errors: Array<FieldProblem> = []
  const values: Record<string, FieldValue> = {}
  const references: Array<Reference> = []
  for (const key of Object.keys(input)) {
    if (!byName.has(key))
      errors.push({ field: key, message: "is not a field of this module", code: "unknownField" })
  }
  for (const field of fields) {
    const present = Object.hasOwn(input, field.apiName)
    const raw = input[field.apiName]
    if (!present && mode === "update") continue
    if (isEmpty(raw)) {
      if (field.required) errors.push({ field: field.apiName, message: "is required", code: "required" })
      else if (present) values[field.apiName] = null
      continue
    }
    const checked = checkValue(field, raw)
    if ("error" in checked) {
      errors.push({
        field: field.apiName,
        message: checked.error,
        code: checked.code,
        ...(checked.params ? { params: checked.params } : {}),
      })
      continue
    }
    values[field.apiName] = checked.ok
    if (field.type === "user")
      references.push({ field: field.apiName, target: "users", id: String(checked.ok) })
    if (field.type === "lookup" && field.lookupModule) {
      references.push({ field: field.apiName, target: field.lookupModule, id: String(checked.ok) })
    }
  }
  return errors.length > 0
    ? { _tag: "Invalid", errors }
    : { _tag: "Valid", validated: { values, references } }
}
