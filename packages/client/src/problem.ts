/**
 * Problem details (RFC 9457) as the API sends them: every refusal is `application/problem+json` with
 * a stable `type`, a `title`, and `errors` naming each field. `ApiError` carries one.
 */

/** Data of a problem or field error that its translated wording fills in. */
export type ProblemParams = Readonly<Record<string, string | number | boolean>>

export interface FieldError {
  readonly field: string
  /** The API's English wording; show `code` translated instead where you can. */
  readonly message: string
  readonly code?: string
  readonly params?: ProblemParams
}

export interface Problem {
  readonly status: number
  /** Stable name of the problem (problem+json `code`): branch on it, never on the title. */
  readonly code?: string
  readonly params?: ProblemParams
  readonly title: string
  /** The problem's URI (`/api/docs#problem-…`), where the docs explain it. */
  readonly type?: string
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
    ...(typeof body.type === "string" ? { type: body.type } : {}),
    ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
    errors,
  }
}

/** The ApiError of a refused response (its body read as problem+json when it is one). */
/** What a refusal is read from: a fetch `Response`, or the typed client's answer. */
interface Answer {
  readonly status: number
  readonly headers: Headers
  text(): Promise<string>
}

export async function refusal(response: Answer): Promise<ApiError> {
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return new ApiError(parseProblem(response.status, body, response.headers.get("Retry-After")))
}

interface JsonResponse<T> extends Answer {
  readonly ok: boolean
  json(): Promise<T>
}

/** The JSON body of a successful response; a refusal becomes an ApiError. */
export async function ok<T>(response: JsonResponse<T>): Promise<T> {
  if (!response.ok) throw await refusal(response)
  return response.json()
}

/** For responses without a body (204): only whether it succeeded. */
export async function done(response: { readonly ok: boolean }): Promise<void> {
  if (!response.ok) throw await refusal(response as Response)
}
