/**
 * Converts one CRM record value into the value of a project field (SPEC §4.3: "Creating a project from
 * a Deal or an Account record pre-fills every mapped project field"). Follows compatibility.ts; a
 * value that cannot convert is left empty with the reason, never guessed.
 */
import type { FieldType, FieldValue } from "../../crm/model.js"
import { compatibility, type ProjectFieldType } from "./compatibility.js"

export interface TargetField {
  readonly type: ProjectFieldType
  readonly options: ReadonlyArray<string>
  readonly maxLength?: number | undefined
}

export interface SourceField {
  readonly apiName: string
  readonly type: FieldType
}

/** Lookups the conversion needs, resolved beforehand by the caller (no I/O here). */
export interface ConvertContext {
  /** A CRM user id → its email and name. */
  readonly crmUser: (userId: string) => { readonly email: string; readonly name: string } | undefined
  /** A CRM record id (lookup) → the record's name. */
  readonly recordName: (recordId: string) => string | undefined
  /** An email → the active portal user with that email (any case). */
  readonly portalUser: (email: string) => { readonly zpuid: string; readonly name: string } | undefined
}

export type Converted =
  | { readonly _tag: "Filled"; readonly value: unknown; readonly display: string | null }
  | { readonly _tag: "Empty" }
  | { readonly _tag: "Unconvertible"; readonly reason: string }

const filled = (value: unknown, display: string | null = null): Converted => ({
  _tag: "Filled",
  value,
  display,
})
const refuse = (reason: string): Converted => ({ _tag: "Unconvertible", reason })

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The text a CRM value reads as (text and multi-line targets). */
const asText = (source: SourceField, value: FieldValue, context: ConvertContext): Converted => {
  switch (source.type) {
    case "boolean":
      return filled(value === true ? "Yes" : "No")
    case "user": {
      const user = context.crmUser(String(value))
      return user ? filled(user.name, user.email) : refuse(`the CRM user ${String(value)} no longer exists`)
    }
    case "lookup": {
      const name = context.recordName(String(value))
      return name === undefined ? refuse(`the linked record ${String(value)} no longer exists`) : filled(name)
    }
    default:
      return filled(String(value))
  }
}

const asNumber = (value: FieldValue): number | undefined => {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value
  return typeof n === "number" && Number.isFinite(n) ? n : undefined
}

/** Dates in the CRM are `YYYY-MM-DD`; date-times are ISO-8601 instants, dated in UTC. */
const asDate = (value: FieldValue): string | undefined => {
  if (typeof value !== "string") return undefined
  if (DATE.test(value)) return value
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10)
}

const asDateTime = (value: FieldValue): string | undefined => {
  if (typeof value !== "string") return undefined
  const ms = Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : value)
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

export const convertValue = (
  target: TargetField,
  source: SourceField,
  value: FieldValue | undefined,
  context: ConvertContext,
): Converted => {
  if (value === null || value === undefined || value === "") return { _tag: "Empty" }
  const compatible = compatibility(target.type, source.type)
  if (!compatible.compatible) return refuse(compatible.reason)
  switch (target.type) {
    case "text":
    case "multiline": {
      const text = asText(source, value, context)
      const limit = target.maxLength
      if (text._tag === "Filled" && limit !== undefined && String(text.value).length > limit)
        return refuse(
          `the value has ${String(text.value).length} characters; the project field takes at most ${limit}`,
        )
      return text
    }
    case "email":
    case "phone":
    case "url":
      return filled(String(value))
    case "number": {
      const n = asNumber(value)
      if (n === undefined) return refuse(`${String(value)} is not a number`)
      return Number.isInteger(n) ? filled(n) : refuse(`${n} is not a whole number`)
    }
    case "decimal":
    case "currency": {
      const n = asNumber(value)
      return n === undefined ? refuse(`${String(value)} is not a number`) : filled(n)
    }
    case "percent": {
      const n = asNumber(value)
      if (n === undefined) return refuse(`${String(value)} is not a number`)
      return n < 0 || n > 100 ? refuse(`${n} is outside 0–100 %`) : filled(n)
    }
    case "date": {
      const date = asDate(value)
      return date === undefined ? refuse(`${String(value)} is not a date`) : filled(date)
    }
    case "datetime": {
      const at = asDateTime(value)
      return at === undefined ? refuse(`${String(value)} is not a date-time`) : filled(at)
    }
    case "boolean":
      return typeof value === "boolean" ? filled(value) : refuse(`${String(value)} is not yes/no`)
    case "picklist":
    case "multi_select": {
      const wanted = String(value).trim().toLowerCase()
      const option = target.options.find((o) => o.trim().toLowerCase() === wanted)
      if (option === undefined)
        return refuse(`the option "${String(value)}" has no counterpart in the project field`)
      return filled(target.type === "picklist" ? option : [option])
    }
    case "user_picklist":
    case "multi_user_picklist": {
      const user = context.crmUser(String(value))
      if (user === undefined) return refuse(`the CRM user ${String(value)} no longer exists`)
      const member = context.portalUser(user.email)
      if (member === undefined) return refuse(`${user.email} is not an active user of the portal`)
      return filled(target.type === "user_picklist" ? member.zpuid : [member.zpuid], user.email)
    }
  }
}
