// The one HTTP client of the console: `hc<ApiRoutes>` over fetch with the session cookie, the CSRF
// token on writes, and problem+json (RFC 9457) errors turned into `ApiError` so forms can show them
// at the field.
import type { ApiRoutes } from "@app/api"
import { type ClientResponse, hc } from "hono/client"

/** Data of a problem or field error that its translated wording fills in. */
export type ProblemParams = Readonly<Record<string, string | number | boolean>>

export interface FieldError {
  readonly field: string
  /** The API's English wording; the console shows `code` translated instead. */
  readonly message: string
  readonly code?: string
  readonly params?: ProblemParams
}

export interface Problem {
  readonly status: number
  /** Stable name of the problem (problem+json `code`), translated by the console. */
  readonly code?: string
  readonly params?: ProblemParams
  readonly title: string
  readonly detail?: string
  readonly errors: ReadonlyArray<FieldError>
  /** Seconds from a `Retry-After` header (throttled sign-in, rate limits). */
  readonly retryAfter?: number
}

export class ApiError extends Error {
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title)
    this.name = "ApiError"
    this.problem = problem
  }
  get status(): number {
    return this.problem.status
  }
  /** The error for one field, if the server named it. */
  fieldError(field: string): FieldError | undefined {
    return this.problem.errors.find((e) => namesField(e.field, field))
  }
}

/** Whether an error's field path (`website`, `values.website`) names the form field `field`. */
export const namesField = (path: string, field: string): boolean =>
  path === field || path.endsWith(`.${field}`)

const csrfStorageKey = "crm.csrf"

// The CSRF token comes with the session (POST /session). It is kept in localStorage so reloads and
// other tabs of the same session keep writing: it guards against other sites, which cannot read this
// origin's storage, and is useless without the HttpOnly session cookie.
export const csrf = {
  get(): string | undefined {
    return globalThis.localStorage?.getItem(csrfStorageKey) ?? undefined
  },
  set(token: string | undefined): void {
    if (token) globalThis.localStorage?.setItem(csrfStorageKey, token)
    else globalThis.localStorage?.removeItem(csrfStorageKey)
  },
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

function paramsOf(value: unknown): ProblemParams | undefined {
  if (!isRecord(value)) return undefined
  const entries = Object.entries(value).filter(
    (entry): entry is [string, string | number | boolean] =>
      typeof entry[1] === "string" || typeof entry[1] === "number" || typeof entry[1] === "boolean",
  )
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

/** `code` and `params` of a problem or field error, when the server sent them. */
function codeOf(entry: Record<string, unknown>): { code?: string; params?: ProblemParams } {
  const params = paramsOf(entry.params)
  return {
    ...(typeof entry.code === "string" ? { code: entry.code } : {}),
    ...(params ? { params } : {}),
  }
}

/** Field name from the shapes servers use: `field`, `name`, a JSON pointer, or a path array. */
function fieldOf(entry: Record<string, unknown>): string {
  if (typeof entry.field === "string") return entry.field
  if (typeof entry.name === "string") return entry.name
  if (typeof entry.pointer === "string") return entry.pointer.replace(/^#?\//, "").split("/").pop() ?? ""
  if (Array.isArray(entry.path)) return entry.path.filter((p) => typeof p === "string").pop() ?? ""
  if (typeof entry.path === "string") return entry.path.split(/[./]/).pop() ?? ""
  return ""
}

export function parseProblem(status: number, body: unknown, retryAfterHeader?: string | null): Problem {
  const fromBody = isRecord(body) && typeof body.retryAfter === "number" ? body.retryAfter : Number.NaN
  const retryAfter = retryAfterHeader ? Number.parseInt(retryAfterHeader, 10) : fromBody
  const base = {
    status,
    ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
  }
  if (!isRecord(body)) return { ...base, title: `HTTP ${status}`, errors: [] }
  const list = Array.isArray(body.errors)
    ? body.errors
    : Array.isArray(body.invalidParams)
      ? body.invalidParams
      : []
  const errors: Array<FieldError> = list.filter(isRecord).map((e) => ({
    field: fieldOf(e),
    message: typeof e.message === "string" ? e.message : typeof e.reason === "string" ? e.reason : "",
    ...codeOf(e),
  }))
  // A single-field problem may name its field at the top level.
  if (errors.length === 0 && typeof body.field === "string") {
    errors.push({ field: body.field, message: typeof body.detail === "string" ? body.detail : "" })
  }
  return {
    ...base,
    ...codeOf(body),
    title: typeof body.title === "string" ? body.title : `HTTP ${status}`,
    ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
    errors,
  }
}

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"])

async function send(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  write: boolean,
): Promise<Response> {
  const headers = new Headers(init?.headers)
  headers.set("Accept", "application/json, application/problem+json")
  const token = csrf.get()
  if (write && token) headers.set("X-CSRF-Token", token)
  try {
    return await fetch(input, { ...init, headers, credentials: "same-origin" })
  } catch (cause) {
    throw new ApiError({
      status: 0,
      title: "Network error",
      detail: cause instanceof Error ? cause.message : String(cause),
      errors: [],
    })
  }
}

/** A 403 that refuses the CSRF token itself (not the user's rights). */
async function refusesCsrfToken(response: Response): Promise<boolean> {
  if (response.status !== 403) return false
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined)
  return parseProblem(403, body).errors.some((e) => e.field.toLowerCase() === "x-csrf-token")
}

/** The session's CSRF token again, from GET /me (the session cookie still proves who we are). */
async function renewCsrfToken(): Promise<boolean> {
  const response = await send(
    `${globalThis.location?.origin ?? "http://localhost"}/api/v1/me`,
    undefined,
    false,
  )
  if (!response.ok) return false
  const body: unknown = await response.json().catch(() => undefined)
  const token = isRecord(body) && typeof body.csrfToken === "string" ? body.csrfToken : undefined
  csrf.set(token)
  return token !== undefined
}

/**
 * fetch with the session cookie and the CSRF token on writes; unreachable servers become ApiError.
 * A write refused for a missing or stale token (storage cleared, another tab signed in again) renews
 * the token and is sent once more.
 */
const apiFetch: typeof fetch = async (input, init) => {
  const write = !SAFE_METHODS.has((init?.method ?? "GET").toUpperCase())
  const response = await send(input, init, write)
  if (write && (await refusesCsrfToken(response)) && (await renewCsrfToken())) return send(input, init, write)
  return response
}

async function refusal(response: Response): Promise<ApiError> {
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return new ApiError(parseProblem(response.status, body, response.headers.get("Retry-After")))
}

/**
 * The typed client of `/api/v1`: routes, inputs and bodies come from the API's own `ApiRoutes`
 * (a type-only import: no server code reaches the bundle).
 */
export const rpc = hc<ApiRoutes>(globalThis.location?.origin ?? "http://localhost", { fetch: apiFetch }).api
  .v1

/** The JSON body of a successful response; a refusal becomes an ApiError. */
export async function ok<T>(response: ClientResponse<T, number, "json">): Promise<T> {
  if (!response.ok) throw await refusal(response)
  return response.json()
}

/** For responses without a body (204): only whether it succeeded. */
export async function done(response: Response | ClientResponse<unknown, number, string>): Promise<void> {
  if (!response.ok) throw await refusal(response as Response)
}
