/**
 * Input checks shared by every create/update (projects-api.md §4): each failure names its field, and
 * callers validate everything before writing anything.
 */
import { invalidBody, invalidValue, mandatoryMissing } from "./errors.js"

export type Body = Record<string, unknown>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^[+0-9 ().-]{3,30}$/

export const has = (body: Body, key: string): boolean => Object.hasOwn(body, key)

export const str = (
  body: Body,
  field: string,
  opts: { required?: boolean; min?: number; max?: number } = {},
) => {
  const v = body[field]
  if (v === undefined || (v === null && opts.required)) {
    if (opts.required) throw mandatoryMissing(field)
    return undefined
  }
  if (v === null) return null
  if (typeof v !== "string") throw invalidValue(field, `${field} must be a string`)
  const t = v.trim()
  if (opts.required && t.length === 0) throw mandatoryMissing(field)
  if (opts.min !== undefined && t.length < opts.min)
    throw invalidValue(field, `${field} must have at least ${opts.min} characters`)
  if (opts.max !== undefined && t.length > opts.max)
    throw invalidValue(field, `${field} must have at most ${opts.max} characters`)
  return t
}

export const isEmail = (v: string) => EMAIL.test(v) && v.length <= 254
export const isPhone = (v: string) => PHONE.test(v)
export const isUrl = (v: string, protocols: ReadonlyArray<string> = ["http:", "https:"]) => {
  try {
    return protocols.includes(new URL(v).protocol)
  } catch {
    return false
  }
}

export const email = (body: Body, field: string, required = false) => {
  const v = str(body, field, { required })
  if (typeof v === "string" && !isEmail(v))
    throw invalidValue(field, `${field} must be a valid email address`)
  return typeof v === "string" ? v.toLowerCase() : v
}

export const url = (body: Body, field: string, required = false) => {
  const v = str(body, field, { required, max: 2000 })
  if (typeof v === "string" && !isUrl(v)) throw invalidValue(field, `${field} must be an http(s) URL`)
  return v
}

export const bool = (body: Body, field: string): boolean | undefined => {
  const v = body[field]
  if (v === undefined || v === null) return undefined
  if (typeof v === "boolean") return v
  if (v === "true" || v === "false") return v === "true"
  throw invalidValue(field, `${field} must be a boolean`)
}

/** `YYYY-MM-DD`, or legacy `MM-DD-YYYY`, normalised to `YYYY-MM-DD`. */
export const parseDate = (field: string, v: unknown): string => {
  if (typeof v !== "string") throw invalidValue(field, `${field} must be a date (YYYY-MM-DD)`)
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  let y: string | undefined
  let mo: string | undefined
  let d: string | undefined
  if (m !== null) [, y, mo, d] = m
  else {
    m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(v)
    if (m !== null) [, mo, d, y] = m
  }
  if (y === undefined || mo === undefined || d === undefined)
    throw invalidValue(field, `${field} must be a date (YYYY-MM-DD)`)
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCDate() !== Number(d)
  )
    throw invalidValue(field, `${field} is not a valid date`)
  return `${y}-${mo}-${d}`
}

export const parseDateTime = (field: string, v: unknown): string => {
  if (typeof v !== "string" || Number.isNaN(Date.parse(v)))
    throw invalidValue(field, `${field} must be an ISO-8601 date-time`)
  return new Date(Date.parse(v)).toISOString()
}

/** An id given as `{"id": …}`, a bare string, or a number (some clients send numbers). */
export const refId = (field: string, v: unknown, key = "id"): string => {
  const raw = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Body)[key] : v
  if (typeof raw === "string" && /^\d{1,19}$/.test(raw)) return raw
  if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) return String(raw)
  throw invalidValue(field, `${field} must reference an id`)
}

export const requireObject = (body: unknown): Body => {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalidBody("The body must be a JSON object")
  return body as Body
}

export interface PageRequest {
  page: number
  perPage: number
  offset: number
}

export const MAX_PER_PAGE = 200
export const DEFAULT_PER_PAGE = 100

const positiveInt = (field: string, raw: string, max?: number): number => {
  if (!/^\d+$/.test(raw)) throw invalidValue(field, `${field} must be a positive integer`)
  const n = Number(raw)
  if (n < 1 || (max !== undefined && n > max))
    throw invalidValue(
      field,
      max === undefined ? `${field} must be at least 1` : `${field} must be between 1 and ${max}`,
    )
  return n
}

/** §5: `page` + `per_page`, or the legacy 1-based `index` + `range` when `page` is absent. */
export const parsePage = (query: Record<string, string>): PageRequest => {
  const perPageRaw = query.per_page ?? (query.page === undefined ? query.range : undefined)
  const perPage =
    perPageRaw === undefined
      ? DEFAULT_PER_PAGE
      : positiveInt(query.per_page === undefined ? "range" : "per_page", perPageRaw, MAX_PER_PAGE)
  if (query.page !== undefined) {
    const page = positiveInt("page", query.page)
    return { page, perPage, offset: (page - 1) * perPage }
  }
  if (query.index !== undefined) {
    const offset = positiveInt("index", query.index) - 1
    return { page: Math.floor(offset / perPage) + 1, perPage, offset }
  }
  return { page: 1, perPage, offset: 0 }
}

export const pageInfo = (req: PageRequest, total: number) => {
  const hasNext = req.offset + req.perPage < total
  return {
    page: req.page,
    per_page: req.perPage,
    has_next_page: hasNext,
    has_more_page: hasNext,
    total_count: total,
  }
}

export const slicePage = <A>(items: ReadonlyArray<A>, req: PageRequest): A[] =>
  items.slice(req.offset, req.offset + req.perPage)

/** Decimal ids longer than 15 digits do not fit a double: compare by length, then lexically. */
export const compareIds = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0
