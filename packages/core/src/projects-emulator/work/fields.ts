/**
 * Field checks shared by task, task list, milestone, issue and time log bodies (projects-api.md §4.9–4.13):
 * each failure names its field, and callers check the whole body before writing.
 */
import { invalidValue } from "../errors.js"
import type { Portal, Project, Status } from "../model.js"
import { type Body, has, parseDate, refId, str } from "../validation.js"

/** A member of the project who is active portal staff, given as `{"zpuid"}`, `{"id"}` or the zpuid. */
export function projectStaff(portal: Portal, p: Project, field: string, raw: unknown): string {
  const key = typeof raw === "object" && raw !== null && "zpuid" in raw ? "zpuid" : "id"
  const zpuid = refId(field, raw, key)
  const m = portal.members.get(zpuid)
  if (m === undefined || !m.isActive || m.role === "Client" || !p.members.includes(zpuid))
    throw invalidValue(field, `${field} must be an active staff member of the project`)
  return zpuid
}

export function statusRef(statuses: ReadonlyArray<Status>, field: string, raw: unknown): string {
  const id = refId(field, raw)
  if (!statuses.some((s) => s.id === id)) throw invalidValue(field, `${field} is not a status of this portal`)
  return id
}

/** `undefined` absent, `null` cleared, else the normalised date. */
export function optionalDate(b: Body, field: string): string | null | undefined {
  if (!has(b, field)) return undefined
  const v = b[field]
  return v === null || v === "" ? null : parseDate(field, v)
}

export function text(b: Body, field: string, max: number, required = false): string | null | undefined {
  return str(b, field, { required, ...(required ? { min: 1 } : {}), max })
}

export function enumValue<A extends string>(
  b: Body,
  field: string,
  allowed: ReadonlyArray<A>,
): A | undefined {
  const v = b[field]
  if (v === undefined || v === null) return undefined
  if (typeof v !== "string" || !allowed.includes(v as A))
    throw invalidValue(field, `${field} must be one of ${allowed.join(", ")}`)
  return v as A
}

export function datesInOrder(start: string | undefined, end: string | undefined, endField: string): void {
  if (start !== undefined && end !== undefined && end < start)
    throw invalidValue(endField, `${endField} must not be before the start date`)
}

/** Picks the value after a patch: a cleared field is gone, an absent one keeps what was there. */
export const after = <A>(patched: A | null | undefined, before: A | undefined): A | undefined =>
  patched === null ? undefined : (patched ?? before)
