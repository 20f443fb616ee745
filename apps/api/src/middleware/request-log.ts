/**
 * @module One structured JSON line per request (method, path, status, duration, request id), and
 * the request id echoed in `X-Request-Id`. Only the path is logged: no query string, header,
 * cookie or body, so no secret can reach the log through it.
 */
import { randomUUID } from "node:crypto"
import type { LogSink } from "@app/core/logging"
import { createMiddleware } from "hono/factory"
import type { ApiEnv } from "../env.js"

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

export const requestLog = (sink: LogSink) =>
  createMiddleware<ApiEnv>(async function logRequest(c, next) {
    const incoming = c.req.header("x-request-id")
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set("requestId", requestId)
    const started = performance.now()
    try {
      await next()
    } finally {
      c.header("X-Request-Id", requestId)
      sink({
        level: c.res.status >= 500 ? "error" : "info",
        msg: "request",
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      })
    }
  })
