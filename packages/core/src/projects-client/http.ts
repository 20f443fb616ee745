/**
 * One HTTP exchange with Projects, robust as a sync must be: a timeout per attempt,
 * retries with exponential backoff and full jitter on 5xx, timeouts and dropped connections, and the
 * service's `Retry-After` on 429 (or the throttle title on any status). Plain `fetch` (Node's undici)
 * wrapped in Effect, retried by an Effect Schedule: see docs/decisions/0003-projects-client.md.
 */
import { Clock, Duration, Effect, Random, Schedule } from "effect"
import { storableJsonText } from "../persistence/storable-text.js"
import type { ProjectsClientSettings } from "./config.js"
import { ProjectsUnavailable } from "./errors.js"

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

export interface HttpRequest {
  readonly method: HttpMethod
  readonly origin: string
  /** Path without query: the only part of a request that ever reaches a log line or an error. */
  readonly path: string
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>
  readonly headers?: Readonly<Record<string, string>>
  readonly json?: unknown
  readonly form?: Readonly<Record<string, string>>
  /** Leave a successful body unparsed (`text` only): bulk paths hand it to PostgreSQL as is. */
  readonly rawSuccess?: boolean
}

export interface HttpResponse {
  readonly status: number
  readonly headers: Headers
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  readonly body: unknown
  /** The body as received (bulk paths hand it to PostgreSQL without re-serialising). */
  readonly text: string
}

export const THROTTLE_TITLE = "URL_ROLLING_THROTTLES_LIMIT_EXCEEDED"

class Transient {
  readonly _tag = "Transient"
  constructor(
    readonly reason: ProjectsUnavailable["reason"],
    readonly status?: number,
    readonly retryAfterMillis?: number,
    /** The connection was refused: the request never reached the service. */
    readonly neverSent = false,
  ) {}
}

export const errorTitle = (body: unknown): string | undefined => {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined
  const error = body.error
  if (typeof error !== "object" || error === null || !("title" in error)) return undefined
  return typeof error.title === "string" ? error.title : undefined
}

const parseRetryAfter = (value: string | null, now: number): number | undefined => {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const causeCode = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code
    current = "cause" in current ? current.cause : undefined
  }
  return undefined
}

const buildUrl = (request: HttpRequest) => {
  const url = new URL(request.path, `${request.origin}/`)
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  return url
}

const sendOnce = (request: HttpRequest, timeout: Duration.Duration) =>
  Effect.gen(function* () {
    const headers: Record<string, string> = { accept: "application/json", ...request.headers }
    let body: string | undefined
    if (request.json !== undefined) {
      headers["content-type"] = "application/json"
      body = JSON.stringify(request.json)
    } else if (request.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded"
      body = new URLSearchParams(request.form).toString()
    }
    const url = buildUrl(request)
    const raw = yield* Effect.tryPromise({
      try: async (signal) => {
        const response = await fetch(url, {
          method: request.method,
          headers,
          body,
          signal,
          redirect: "manual",
        })
        // Text PostgreSQL refuses never gets past the edge: one NUL in a name once stopped every sync.
        const text = storableJsonText(await response.text())
        return { status: response.status, headers: response.headers, text }
      },
      catch: (error) =>
        new Transient("connection", undefined, undefined, causeCode(error) === "ECONNREFUSED"),
    }).pipe(Effect.timeoutFail({ duration: timeout, onTimeout: () => new Transient("timeout") }))
    let parsed: unknown
    const keepRaw = request.rawSuccess === true && raw.status >= 200 && raw.status < 300
    if (raw.text.length > 0 && !keepRaw) {
      try {
        parsed = JSON.parse(raw.text)
      } catch {
        parsed = undefined
      }
    }
    const response: HttpResponse = { status: raw.status, headers: raw.headers, body: parsed, text: raw.text }
    if (raw.status === 429 || errorTitle(parsed) === THROTTLE_TITLE) {
      const now = yield* Clock.currentTimeMillis
      return yield* Effect.fail(
        new Transient("rate-limited", raw.status, parseRetryAfter(raw.headers.get("retry-after"), now)),
      )
    }
    if (raw.status >= 500) return yield* Effect.fail(new Transient("server-error", raw.status))
    return response
  })

/**
 * Idempotent methods are retried on every transient failure. A POST may have been applied before a 5xx,
 * a timeout or a dropped connection, so it is retried only when the service certainly did not act on it:
 * rate limited, 503, or the connection refused.
 */
const retryable = (method: HttpMethod, failure: Transient) =>
  method !== "POST" || failure.reason === "rate-limited" || failure.status === 503 || failure.neverSent

/**
 * The retry policy of one request as a Schedule over its failures: while the failure is retryable and
 * attempts remain, wait the service's `Retry-After` when it gave one, else exponential backoff with full
 * jitter (a uniform delay up to the capped exponential).
 */
const retryPolicy = (settings: ProjectsClientSettings, request: HttpRequest) => {
  const maxRetryAfter = Duration.toMillis(settings.maxRetryAfter)
  const maxDelay = Duration.toMillis(settings.maxDelay)
  return Schedule.exponential(settings.baseDelay).pipe(
    Schedule.intersect(Schedule.recurs(settings.maxAttempts - 1)),
    Schedule.intersect(Schedule.identity<Transient>()),
    Schedule.whileInput(
      (failure: Transient) =>
        retryable(request.method, failure) &&
        (failure.retryAfterMillis === undefined || failure.retryAfterMillis <= maxRetryAfter),
    ),
    Schedule.modifyDelayEffect(([[, attempt], failure], exponential) =>
      failure.retryAfterMillis !== undefined
        ? Effect.succeed(Duration.millis(failure.retryAfterMillis))
        : Effect.map(Random.next, (r) =>
            Duration.millis(Math.floor(r * Math.min(maxDelay, Duration.toMillis(exponential)))),
          ).pipe(
            Effect.tap((delay) =>
              Effect.logDebug("Projects request will be retried").pipe(
                Effect.annotateLogs({
                  method: request.method,
                  path: request.path,
                  attempt: attempt + 1,
                  reason: failure.reason,
                  status: failure.status ?? "none",
                  delayMs: Duration.toMillis(delay),
                }),
              ),
            ),
          ),
    ),
  )
}

export const execute =
  (settings: ProjectsClientSettings) =>
  (request: HttpRequest): Effect.Effect<HttpResponse, ProjectsUnavailable> =>
    Effect.suspend(() => {
      let attempts = 0
      return Effect.suspend(() => {
        attempts++
        return sendOnce(request, settings.requestTimeout)
      }).pipe(
        Effect.retry(retryPolicy(settings, request)),
        Effect.mapError((failure) => {
          const retryAfterSeconds =
            failure.retryAfterMillis === undefined ? undefined : Math.ceil(failure.retryAfterMillis / 1000)
          return new ProjectsUnavailable({
            reason: failure.reason,
            attempts,
            ...(failure.status === undefined ? {} : { status: failure.status }),
            ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
          })
        }),
      )
    })

/** Sends one request with the configured timeout and retries. */
export type Send = ReturnType<typeof execute>
