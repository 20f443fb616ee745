// The one HTTP client of the console: `hc<ApiRoutes>` over fetch with the session cookie, the CSRF
// token on writes, and problem+json (RFC 9457) errors turned into `ApiError` (from `@app/client`)
// so forms can show them at the field.
import type { ApiRoutes } from "@app/api"
import { ApiError, parseProblem } from "@app/client"
import { hc } from "hono/client"

// Problems, errors and response helpers are the client package's, shared with external code.
export {
  ApiError,
  done,
  type FieldError,
  namesField,
  ok,
  type Problem,
  type ProblemParams,
  parseProblem,
} from "@app/client"

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

/**
 * The typed client of `/api/v1`: routes, inputs and bodies come from the API's own `ApiRoutes`
 * (a type-only import: no server code reaches the bundle).
 */
export const rpc = hc<ApiRoutes>(globalThis.location?.origin ?? "http://localhost", { fetch: apiFetch }).api
  .v1
