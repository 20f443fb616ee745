/**
 * The HTTP API (SPEC §7): one Hono app over one Effect runtime. Areas are route files chained with
 * `app.route()` under `/api/v1`; `ApiRoutes` is their type for the console's `hc` client.
 * Every refusal is problem+json; the OpenAPI document is built from the registered routes.
 */

import { type LogSink, redacting, stdoutSink } from "@app/core/logging"
import { getConnInfo } from "@hono/node-server/conninfo"
import { Cause } from "effect"
import { type Context, Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { HTTPException } from "hono/http-exception"
import { secureHeaders } from "hono/secure-headers"
import type { ContentfulStatusCode } from "hono/utils/http-status"
import type { ApiEnv } from "./env.js"
import { serveConsole } from "./http/console.js"
import { DOCS_CSP, docsPage } from "./http/docs-page.js"
import { integrationTabs } from "./http/integration-me.js"
import type { MeContributor } from "./http/me.js"
import { describe, type OpenApiDocument, openApiDocument } from "./http/openapi.js"
import { coreProblem, problem, problemTable } from "./http/problem.js"
import { CoreFailure, Defect } from "./http/run-effect.js"
import type { ApiRuntime } from "./http/runtime.js"
import { authenticate } from "./middleware/auth.js"
import { csrf } from "./middleware/csrf.js"
import { type IdempotencyOptions, idempotency } from "./middleware/idempotency.js"
import { tokenRateLimit } from "./middleware/rate-limit.js"
import { requestLog } from "./middleware/request-log.js"
import { tokenScopes } from "./middleware/token-scopes.js"
import { clientMappingRoutes } from "./routes/client-mappings.js"
import { eventRoutes } from "./routes/events.js"
import { fieldMappingRoutes } from "./routes/field-mappings.js"
import { healthRoutes } from "./routes/health.js"
import { integrationRoutes } from "./routes/integration.js"
import { jobRoutes } from "./routes/jobs.js"
import { peopleRoutes } from "./routes/people.js"
import { permissionRoutes } from "./routes/permissions.js"
import { portalRoutes } from "./routes/portal.js"
import { projectRoutes } from "./routes/projects.js"
import { crmRoutes } from "./routes/records.js"
import { sessionRoutes } from "./routes/session.js"
import { syncRunRoutes } from "./routes/sync-runs.js"
import { tokenRoutes } from "./routes/tokens.js"
import { webhookRoutes } from "./routes/webhooks.js"

/** `/api/v1`: one `.route()` per area. New areas chain theirs here. */
const v1 = new Hono<ApiEnv>()
  .route("/", sessionRoutes)
  .route("/", tokenRoutes)
  .route("/", peopleRoutes)
  .route("/", crmRoutes)
  .route("/", integrationRoutes)
  .route("/", portalRoutes)
  .route("/", fieldMappingRoutes)
  .route("/", permissionRoutes)
  .route("/", clientMappingRoutes)
  .route("/", projectRoutes)
  .route("/", jobRoutes)
  .route("/", syncRunRoutes)
  .route("/", webhookRoutes)
  .route("/", eventRoutes)

const apiRoutes = new Hono<ApiEnv>().route("/", healthRoutes).route("/api/v1", v1)

/** The type of every API route, for `hc<ApiRoutes>` in the console. */
export type ApiRoutes = typeof apiRoutes

export interface AppOptions {
  /** Where log lines go (stdout by default); secrets are redacted before they reach it. */
  readonly log?: LogSink
  /** The client address the sign-in throttle keys on; default the TCP peer. */
  readonly clientIp?: (c: Context<ApiEnv>) => string
  /** Contributors to GET /me; default the integration's Projects tab and project permissions. */
  readonly me?: ReadonlyArray<MeContributor>
  /** The built console to serve at `/`, if any. */
  readonly consoleDir?: string
  /** Lease of a running idempotent write (tests shorten it to see a crashed process's key free). */
  readonly idempotency?: IdempotencyOptions
}

const BODY_LIMIT = 1024 * 1024

const peerAddress = (c: Context<ApiEnv>) => {
  try {
    return getConnInfo(c).remote.address ?? "unknown"
  } catch {
    // app.request() in tests has no socket.
    return "unknown"
  }
}

const describeError = (error: unknown): string => {
  const text =
    error instanceof Defect
      ? Cause.pretty(error.failure)
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error)
  return text.slice(0, 4000)
}

export const createApp = (runtime: ApiRuntime, options: AppOptions = {}) => {
  const log = redacting(options.log ?? stdoutSink)
  const clientIp = options.clientIp ?? peerAddress
  const meContributors = options.me ?? [integrationTabs]
  const app = new Hono<ApiEnv>()

  app.use(requestLog(log))
  app.use(async (c, next) => {
    c.set("runtime", runtime)
    c.set("clientIp", clientIp(c))
    c.set("publicRoute", false)
    c.set("meContributors", meContributors)
    c.set("idempotencyKey", undefined)
    await next()
  })
  // Registered first, so its headers are the last written: the docs page's own policy wins.
  app.use(
    "/api/docs",
    secureHeaders({
      crossOriginEmbedderPolicy: false,
      contentSecurityPolicy: DOCS_CSP,
      referrerPolicy: "no-referrer",
    }),
  )
  app.use(
    secureHeaders({
      crossOriginEmbedderPolicy: false,
      // The console loads only its own bundle and talks only to this API; nothing may frame it.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  )
  app.use(
    "/api/v1/*",
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: (c) =>
        problem(c, 413, "Request body too large", { errors: [{ field: "body", message: "at most 1 MiB" }] }),
    }),
  )
  app.use("/api/v1/*", authenticate)
  app.use("/api/v1/*", csrf({ exempt: ["POST /api/v1/session"] }))
  app.use("/api/v1/*", tokenRateLimit)
  app.use("/api/v1/*", tokenScopes)
  app.use("/api/v1/*", idempotency(options.idempotency))
  app.route("/", apiRoutes)

  let document: OpenApiDocument | undefined
  const openApi = () => {
    document ??= openApiDocument(app, { title: "CRM ⇄ Projects API", version: "1.0.0" })
    return document
  }
  app.get(
    "/api/openapi.json",
    describe({
      summary: "This OpenAPI 3.1 document",
      tags: ["docs"],
      public: true,
      responses: { 200: { description: "OpenAPI document" } },
    }),
    (c) => c.json(openApi()),
  )
  app.get(
    "/api/docs",
    describe({
      summary: "Browsable API reference",
      tags: ["docs"],
      public: true,
      responses: { 200: { description: "HTML page", contentType: "text/html" } },
    }),
    (c) => c.html(docsPage(openApi())),
  )

  app.all("/api/*", (c) =>
    problem(c, 404, "Not found", { detail: `no route for ${c.req.method} ${c.req.path}` }),
  )
  if (options.consoleDir !== undefined) app.get("*", serveConsole(options.consoleDir))

  app.notFound((c) => problem(c, 404, "Not found"))
  app.onError((error, c) => {
    if (error instanceof CoreFailure) {
      if (problemTable[error.error._tag].internal) {
        log({
          level: "error",
          msg: "request failed",
          requestId: c.var.requestId,
          error: describeError(error.error),
        })
      }
      return coreProblem(c, error.error)
    }
    if (error instanceof HTTPException) {
      return problem(c, error.status as ContentfulStatusCode, error.message || "Request refused")
    }
    log({ level: "error", msg: "unhandled error", requestId: c.var.requestId, error: describeError(error) })
    return problem(c, 500, "Internal error")
  })
  return app
}
