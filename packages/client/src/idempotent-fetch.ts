/**
 * The fetch the client sends through: the bearer token, an `Idempotency-Key` on every write (one per
 * call, kept across its retries), and retries of what a retry can fix — no connection, 502/503/504,
 * 429 and "still running" 409 — waiting `Retry-After` or a growing delay. A write retried with its key
 * is done once by the API.
 */

export interface FetchOptions {
  /** `crm_…` API token, sent as `Authorization: Bearer`. */
  readonly token?: string
  /** The fetch to wrap; default the global one. */
  readonly fetch?: typeof fetch
  /** Retries after the first attempt; default 3. */
  readonly retries?: number
  /** First retry delay in ms, doubled each time; default 250. */
  readonly retryDelayMs?: number
  /** Longest Retry-After honoured, in seconds; past it the answer is returned as is. Default 60. */
  readonly maxRetryAfterSeconds?: number
  /** Makes an idempotency key; default `crypto.randomUUID()`. */
  readonly newKey?: () => string
}

const WRITES: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"])
const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504])

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A 409 that says the first request under this key is still running (not a business conflict). */
const stillRunning = async (response: Response) => {
  if (response.status !== 409) return false
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined)
  const errors = typeof body === "object" && body !== null && "errors" in body ? body.errors : undefined
  return (
    Array.isArray(errors) &&
    errors.some(
      (e: unknown) => typeof e === "object" && e !== null && "field" in e && e.field === "Idempotency-Key",
    )
  )
}

export const idempotentFetch = (options: FetchOptions = {}): typeof fetch => {
  const send = options.fetch ?? globalThis.fetch
  const retries = options.retries ?? 3
  const baseDelay = options.retryDelayMs ?? 250
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 60
  const newKey = options.newKey ?? (() => crypto.randomUUID())
  return async (input, init) => {
    const request = new Request(input, init)
    const headers = new Headers(request.headers)
    if (options.token !== undefined && !headers.has("Authorization"))
      headers.set("Authorization", `Bearer ${options.token}`)
    if (WRITES.has(request.method) && !headers.has("Idempotency-Key"))
      headers.set("Idempotency-Key", newKey())
    const body = request.body === null ? undefined : await request.arrayBuffer()
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries
      let response: Response
      try {
        response = await send(request.url, {
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: init?.signal ?? null,
        })
      } catch (error) {
        if (last || init?.signal?.aborted) throw error
        await sleep(baseDelay * 2 ** attempt)
        continue
      }
      const retriable = RETRIED_STATUSES.has(response.status) || (await stillRunning(response))
      if (last || !retriable) return response
      const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10)
      if (Number.isFinite(retryAfter) && retryAfter > maxRetryAfter) return response
      await response.body?.cancel()
      await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : baseDelay * 2 ** attempt)
    }
  }
}
