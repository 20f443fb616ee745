/**
 * @module Protection of the control API (`/__mock`) from the web pages a developer visits: it can
 * reset the mock and read service keys, so it answers only requests addressed to a loopback or
 * configured host name (a DNS-rebinding page reaches us under its own name), writes must be
 * `application/json` (a cross-site form or "simple" fetch cannot send that without a preflight, which
 * the mock never grants), and bodies and seed sizes are capped.
 */
import { invalidValue, ProjectsApiError } from "@app/core/projects-emulator"
import { createMiddleware } from "hono/factory"
import type { MockEnv } from "./env.js"

export interface ControlGuardOptions {
  /** Host names besides loopback the control API answers to (e.g. a container's service name). */
  readonly allowedHosts?: ReadonlyArray<string>
}

/** Control bodies are small: a seed's options, a fault, a token request. */
export const CONTROL_BODY_LIMIT = 64 * 1024

/** The most one `POST /__mock/seed` may generate of each kind (the benchmarks' seed fits). */
export const SEED_LIMITS: Readonly<Record<string, number>> = {
  portals: 20,
  users: 10_000,
  clients: 100_000,
  clientUsers: 100_000,
  projects: 200_000,
  customFields: 200,
}

/** How far the mock clock may be moved in all: a century keeps every date representable. */
export const MAX_CLOCK_OFFSET_MS = 100 * 365.25 * 24 * 60 * 60 * 1000

const LOOPBACK = /^(localhost|[^.]+\.localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i
const WRITE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"])
const JSON_TYPE = /^application\/json\s*(;|$)/i

const refusal = (status: number, title: string, detail: string) =>
  new ProjectsApiError({ status, title, errorType: "CONTROL_REQUEST_REFUSED", detail })

export const controlGuard = (options: ControlGuardOptions = {}) => {
  const allowed = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()))
  return createMiddleware<MockEnv>(async function guardControl(c, next) {
    const host = new URL(c.req.url).hostname.toLowerCase()
    if (!LOOPBACK.test(host) && !allowed.has(host)) {
      throw refusal(
        403,
        "HOST_NOT_ALLOWED",
        "the control API answers only on loopback or configured host names",
      )
    }
    if (!WRITE_METHODS.has(c.req.method)) return next()
    if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) {
      throw refusal(415, "UNSUPPORTED_MEDIA_TYPE", "control API writes must be sent as application/json")
    }
    const declared = Number(c.req.header("content-length") ?? "0")
    const text = await c.req.text()
    if (declared > CONTROL_BODY_LIMIT || Buffer.byteLength(text) > CONTROL_BODY_LIMIT) {
      throw refusal(413, "REQUEST_TOO_LARGE", `control API bodies are at most ${CONTROL_BODY_LIMIT} bytes`)
    }
    const body = parsed(text)
    if (c.req.path === "/__mock/seed") checkSeed(body)
    if (c.req.path === "/__mock/clock/advance") checkAdvance(body, c.get("emu").state.clockOffsetMs)
    return next()
  })
}

const parsed = (text: string): unknown => {
  try {
    return text.trim() === "" ? {} : JSON.parse(text)
  } catch {
    return undefined
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const checkSeed = (body: unknown) => {
  if (!isObject(body)) return
  for (const [field, max] of Object.entries(SEED_LIMITS)) {
    const value = body[field]
    if (typeof value === "number" && value > max) throw invalidValue(field, `${field} must be at most ${max}`)
  }
}

const checkAdvance = (body: unknown, offsetMs: number) => {
  if (!isObject(body)) return
  const ms =
    typeof body.ms === "number" ? body.ms : typeof body.seconds === "number" ? body.seconds * 1000 : undefined
  if (ms === undefined) return
  if (!Number.isFinite(ms) || ms < 0 || offsetMs + ms > MAX_CLOCK_OFFSET_MS) {
    throw invalidValue(
      "seconds",
      "seconds must be a non-negative number moving the clock at most 100 years in all",
    )
  }
}
