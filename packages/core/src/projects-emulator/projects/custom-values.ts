/**
 * Custom field values on projects (projects-api.md §4.3): each field type's accepted input, normalised.
 */
import { invalidValue } from "../errors.js"
import type { CustomValue, FieldDef, Portal } from "../model.js"
import { isEmail, isPhone, isUrl, parseDate, parseDateTime, refId } from "../validation.js"

export function customValue(portal: Portal, field: FieldDef, raw: unknown): CustomValue {
  const f = field.apiName
  const num = (integer: boolean) => {
    const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw
    if (typeof n !== "number" || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
      throw invalidValue(f, `${f} must be ${integer ? "an integer" : "a number"}`)
    return n
  }
  const text = (max: number) => {
    if (typeof raw !== "string") throw invalidValue(f, `${f} must be a string`)
    if (raw.length > max) throw invalidValue(f, `${f} must have at most ${max} characters`)
    return raw
  }
  const listed = (v: unknown) => {
    if (typeof v !== "string" || !(field.pickListValues ?? []).some((p) => p.value === v))
      throw invalidValue(f, `${f} must be one of its listed values`)
    return v
  }
  const user = (v: unknown) => {
    const zpuid = refId(f, v, typeof v === "object" && v !== null && "zpuid" in v ? "zpuid" : "id")
    const m = portal.members.get(zpuid)
    if (m === undefined || !m.isActive) throw invalidValue(f, `${f} must be an active user of this portal`)
    return zpuid
  }
  switch (field.fieldType) {
    case "text":
      return text(field.maxLength ?? 255)
    case "multiline":
      return text(32_000)
    case "email":
      if (!isEmail(text(254))) throw invalidValue(f, `${f} must be a valid email address`)
      return raw as string
    case "phone":
      if (!isPhone(text(30))) throw invalidValue(f, `${f} must be a phone number`)
      return raw as string
    case "url":
      if (!isUrl(text(2000))) throw invalidValue(f, `${f} must be an http(s) URL`)
      return raw as string
    case "number":
      return num(true)
    case "decimal":
    case "currency":
      return num(false)
    case "percent": {
      const n = num(false)
      if (n < 0 || n > 100) throw invalidValue(f, `${f} must be between 0 and 100`)
      return n
    }
    case "date":
      return parseDate(f, raw)
    case "datetime":
      return parseDateTime(f, raw)
    case "boolean":
      if (typeof raw !== "boolean") throw invalidValue(f, `${f} must be a boolean`)
      return raw
    case "picklist":
      return listed(raw)
    case "multi_select":
      if (!Array.isArray(raw)) throw invalidValue(f, `${f} must be an array of listed values`)
      return raw.map(listed)
    case "user_picklist":
      return user(raw)
    case "multi_user_picklist":
      if (!Array.isArray(raw)) throw invalidValue(f, `${f} must be an array of users`)
      return raw.map(user)
  }
}
