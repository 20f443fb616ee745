/**
 * The mock Projects server as a fetch handler: namespace resolution (`X-Mock-Namespace` header or
 * `/__ns/<name>/…` prefix), then for the emulated API and OAuth: fault injection, rate limiting, the
 * journal, and the routes; `/__mock` is the control API. Errors render as projects-api.md §6 says.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import {
  applyPortalChanges,
  DEFAULT_NAMESPACE,
  type EmulatorRegistry,
  internalError,
  notFound,
  ProjectsApiError,
  throttled,
  urlRuleNotConfigured,
} from "@app/core/projects-emulator"
import { Hono } from "hono"
import { type ControlGuardOptions, controlGuard } from "./control-guard.js"
import type { MockEnv } from "./env.js"
import { credentials, errorResponse } from "./http.js"
import { apiRoutes } from "./routes/api.js"
import { controlRoutes } from "./routes/control.js"
import { oauthRoutes } from "./routes/oauth.js"
import type { Dispatcher } from "./webhooks.js"

interface OuterBindings {
  incoming?: IncomingMessage | { socket: { destroy: () => void } }
  outgoing?: ServerResponse | object
}

const NAMESPACE_PREFIX = /^\/__ns\/([A-Za-z0-9_.-]{1,64})(\/.*)?$/
const DROP_HEADER = "x-mock-drop-connection"
const SECRET_PARAMS = new Set(["client_secret", "code", "refresh_token", "token"])

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const injectedStatus = (status: number, retryAfter: number) => {
  if (status === 429) return throttled(retryAfter)
  if (status >= 500)
    return new ProjectsApiError({
      status,
      title: "INTERNAL_ERROR",
      errorType: "INTERNAL_ERROR",
      detail: "Injected fault",
    })
  return new ProjectsApiError({
    status,
    title: "INJECTED_FAULT",
    errorType: "OPERATIONAL_VALIDATION_ERROR",
    detail: "Injected fault",
  })
}

export interface MockApp {
  /** The fetch handler (for `@hono/node-server` or any fetch-style caller). */
  fetch: (req: Request, env?: OuterBindings) => Promise<Response>
  /** In-process request, like Hono's `app.request`: a path or URL, no port needed. */
  request: (input: string, init?: RequestInit) => Promise<Response>
  /** Every route the mock serves (`:name` parameters), for tests that sweep them all. */
  routes: ReadonlyArray<{ readonly method: string; readonly path: string }>
}

/** `onWrite` runs after each request that may have changed state (any method but GET and HEAD). */
export const createApp = (
  registry: EmulatorRegistry,
  dispatcher: Dispatcher,
  onWrite: () => void = () => {},
  guard: ControlGuardOptions = {},
): MockApp => {
  const inner = new Hono<MockEnv>({ strict: false })

  inner.use("*", async (c, next) => {
    const emu = registry.get(c.env.namespace ?? DEFAULT_NAMESPACE)
    c.set("emu", emu)
    c.set("registry", registry)
    c.set("dispatcher", dispatcher)
    c.set("origin", c.env.origin ?? new URL(c.req.url).origin)
    const path = c.req.path
    if (path.startsWith("/__mock")) return next()
    const method = c.req.method
    const q = c.req.query()
    for (const k of Object.keys(q)) if (SECRET_PARAMS.has(k)) q[k] = "***"
    const portalId = /^\/(?:api\/v3\/portal|restapi\/portals?)\/(\d+)/.exec(path)?.[1]
    let status = 500
    let faultId: string | undefined
    try {
      const fault = emu.matchFault(method, path)
      if (fault !== undefined) {
        faultId = fault.id
        if (fault.kind === "portal_changes") applyPortalChanges(emu, fault, portalId)
        else if (fault.kind === "latency") await sleep(fault.latencyMs)
        else if (fault.kind === "drop") {
          status = 0
          c.env.incoming?.socket.destroy()
          return c.body(null, 500, { [DROP_HEADER]: "1" })
        } else throw injectedStatus(fault.kind === "rate_limit" ? 429 : fault.status, fault.retryAfter)
      }
      if (path.startsWith("/api/") || path.startsWith("/restapi/")) {
        const info = emu.rateCheck(portalId ?? "-", emu.identityOf(credentials(c)))
        if (info !== undefined) {
          c.header("X-RATELIMIT-LIMIT", String(info.limit))
          c.header("X-RATELIMIT-REMAINING", String(info.remaining))
          c.header("X-RATELIMIT-RESET", String(info.reset))
        }
      }
      await next()
      status = c.res.status
    } catch (err) {
      status = err instanceof ProjectsApiError ? err.status : 500
      throw err
    } finally {
      let requestBody: unknown
      if (path.startsWith("/api/") && method !== "GET" && method !== "DELETE") {
        const text = await c.req.text().catch(() => "")
        try {
          // Webhook secrets are shown once, in the create response; never in the journal.
          requestBody = text === "" ? undefined : JSON.parse(text, (k, v) => (k === "secret" ? "***" : v))
        } catch {
          requestBody = text
        }
      }
      const identity = c.get("identity")
      emu.journal({
        type: "request",
        method,
        path,
        ...(Object.keys(q).length > 0 ? { query: q } : {}),
        status,
        ...(portalId === undefined ? {} : { portalId }),
        ...(identity === undefined ? {} : { identity }),
        ...(faultId === undefined ? {} : { fault: faultId }),
        ...(requestBody === undefined ? {} : { requestBody }),
      })
    }
  })

  inner.use("/__mock/*", controlGuard(guard))
  inner.route("/", controlRoutes())
  inner.route("/", oauthRoutes())
  inner.route("/", apiRoutes())

  inner.notFound((c) => {
    const err = c.req.path.startsWith("/__mock") ? notFound("Control endpoint") : urlRuleNotConfigured()
    return errorResponse(err, c.req.path, c.req.header("accept"))
  })
  inner.onError((err, c) => {
    if (err instanceof ProjectsApiError) return errorResponse(err, c.req.path, c.req.header("accept"))
    process.stderr.write(`mock-projects: ${err.stack ?? String(err)}\n`)
    return errorResponse(internalError(), c.req.path, c.req.header("accept"))
  })

  const fetch = async (req: Request, env: OuterBindings = {}): Promise<Response> => {
    const url = new URL(req.url)
    let namespace = req.headers.get("x-mock-namespace") ?? DEFAULT_NAMESPACE
    let origin = url.origin
    let forwarded = req
    const m = NAMESPACE_PREFIX.exec(url.pathname)
    if (m?.[1] !== undefined) {
      namespace = m[1]
      origin = `${url.origin}/__ns/${namespace}`
      url.pathname = m[2] ?? "/"
      const hasBody = req.method !== "GET" && req.method !== "HEAD"
      forwarded = new Request(url, {
        method: req.method,
        headers: req.headers,
        body: hasBody ? req.body : null,
        redirect: "manual",
        ...(hasBody ? { duplex: "half" } : {}),
      } as RequestInit)
    }
    const res = await inner.fetch(forwarded, { ...env, namespace, origin })
    if (req.method !== "GET" && req.method !== "HEAD") onWrite()
    if (res.headers.get(DROP_HEADER) !== null && env.incoming === undefined)
      throw new TypeError("fetch failed")
    return res
  }
  const request = (input: string, init?: RequestInit) =>
    fetch(new Request(new URL(input, "http://127.0.0.1"), init))
  const routes = inner.routes
    .filter((route) => route.method !== "ALL")
    .map((route) => ({ method: route.method, path: route.path }))
  return { fetch, request, routes }
}
