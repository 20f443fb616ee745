/**
 * Background work and mail (SPEC §7 "jobs, mail"): a job's progress, as JSON or as a server-sent
 * event stream the console follows, and the outbox of every message the product sent.
 */
import { requireAdmin } from "@app/core/crm"
import { JobQueue } from "@app/core/jobs"
import { Outbox, OutboxMessage } from "@app/core/mail"
import { Effect, Schema, Stream } from "effect"
import { Hono } from "hono"
import { streamSSE } from "hono/streaming"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { param, query } from "../http/validate.js"
import { IdParam } from "../schemas/crm.js"
import { JobOut } from "../schemas/integration.js"

const OutboxQuery = Schema.Struct({
  cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))),
})
const OutboxPageOut = Schema.Struct({
  items: Schema.Array(OutboxMessage),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "OutboxPage" })

const encodeJob = Schema.encodeSync(JobOut)

/**
 * A job of the actor's organization. Every job is administrators' work (imports, reconciles, user
 * transfers, client mappings): its payload and result name portals, users and clients a Standard
 * user may not see, so only administrators read jobs.
 */
const ownJob = (id: string) =>
  Effect.gen(function* () {
    const actor = yield* requireAdmin("read background jobs")
    return yield* Effect.flatMap(JobQueue, (queue) => queue.get(id, actor.organizationId))
  })

export const jobRoutes = new Hono<ApiEnv>()
  .get(
    "/jobs/:id",
    describe({
      summary: "A background job: status, progress (done / total / phase), result or error (administrators)",
      tags: ["jobs"],
      responses: { 200: { description: "The job", schema: JobOut } },
    }),
    param(IdParam),
    async (c) => respond(c, JobOut, await runEffect(c, ownJob(c.req.valid("param").id))),
  )
  .get(
    "/jobs/:id/events",
    describe({
      summary:
        "The job's progress as server-sent events (`progress` on each change, then `done`; administrators)",
      tags: ["jobs"],
      responses: {
        200: { description: "text/event-stream of Job objects", contentType: "text/event-stream" },
      },
    }),
    param(IdParam),
    async (c) => {
      const job = await runEffect(c, ownJob(c.req.valid("param").id))
      return streamSSE(c, async (sse) => {
        await runEffect(
          c,
          Effect.flatMap(JobQueue, (queue) =>
            queue.events(job.id, { organizationId: job.organizationId ?? "" }).pipe(
              Stream.runForEach((next) =>
                Effect.promise(() =>
                  sse.writeSSE({
                    event: ["succeeded", "failed", "cancelled"].includes(next.status) ? "done" : "progress",
                    id: next.updatedAt.toISOString(),
                    data: JSON.stringify(encodeJob(next)),
                  }),
                ),
              ),
            ),
          ),
        )
      })
    },
  )
  .get(
    "/outbox",
    describe({
      summary: "Every message the product sent or stored, newest first (administrators)",
      tags: ["mail"],
      responses: { 200: { description: "A page of messages", schema: OutboxPageOut } },
    }),
    query(OutboxQuery),
    async (c) => {
      const { cursor, limit } = c.req.valid("query")
      const page = await runEffect(
        c,
        Effect.gen(function* () {
          const actor = yield* requireAdmin("read the outbox")
          const outbox = yield* Outbox
          return yield* outbox.list(actor.organizationId, cursor, limit === undefined ? {} : { limit })
        }),
      )
      return respond(c, OutboxPageOut, page)
    },
  )
