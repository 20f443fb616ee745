// The one HTTP client of the console: `/api/v1` over fetch with the session cookie, the CSRF token on
// writes, and problem+json (RFC 9457) errors turned into `ApiError` so forms can show them at the field.

export interface FieldError {
  readonly field: string
  readonly message: string
}

export interface Problem {
  readonly status: number
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
  /** The message for one field, if the server named it. */
  fieldError(field: string): string | undefined {
    return this.problem.errors.find((e) => namesField(e.field, field))?.message
  }
}

/** Whether an error's field path (`website`, `values.website`) names the form field `field`. */
export const namesField = (path: string, field: string): boolean =>
  path === field || path.endsWith(`.${field}`)

export const apiBase = "/api/v1"

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

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

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
  const errors = list.filter(isRecord).map((e) => ({
    field: fieldOf(e),
    message: typeof e.message === "string" ? e.message : typeof e.reason === "string" ? e.reason : "",
  }))
  // A single-field problem may name its field at the top level.
  if (errors.length === 0 && typeof body.field === "string") {
    errors.push({ field: body.field, message: typeof body.detail === "string" ? body.detail : "" })
  }
  return {
    ...base,
    title: typeof body.title === "string" ? body.title : `HTTP ${status}`,
    ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
    errors,
  }
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | undefined | null>>
  readonly body?: unknown
  readonly signal?: AbortSignal
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(`${apiBase}${path}`, globalThis.location?.origin ?? "http://localhost")
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value))
  }
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" }
  if (options.body !== undefined) headers["Content-Type"] = "application/json"
  const token = csrf.get()
  if (method !== "GET" && token) headers["X-CSRF-Token"] = token
  let response: Response
  try {
    response = await fetch(`${url.pathname}${url.search}`, {
      method,
      headers,
      credentials: "same-origin",
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (cause) {
    throw new ApiError({
      status: 0,
      title: "Network error",
      detail: cause instanceof Error ? cause.message : String(cause),
      errors: [],
    })
  }
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!response.ok)
    throw new ApiError(parseProblem(response.status, body, response.headers.get("Retry-After")))
  return body as T
}

export const api = {
  get: <T>(path: string, query?: RequestOptions["query"]) => request<T>("GET", path, query ? { query } : {}),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  delete: <T = void>(path: string) => request<T>("DELETE", path),
}
