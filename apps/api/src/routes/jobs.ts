/**
 * Background work and mail (SPEC §7 "jobs, mail"): a job's progress, as JSON or as a server-sent
 * event stream the console follows, and the outbox of every message the product sent.
 */
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
import { dateRange, QueryDate, SearchWords } from "../schemas/list-filters.js"

const OutboxQuery = Schema.Struct({
  cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))),
  status: Schema.optional(Schema.Literal("stored", "queued", "sent", "failed")),
  recipient: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(254))),
  from: Schema.optional(QueryDate),
  to: Schema.optional(QueryDate),
  search: Schema.optional(SearchWords),
})
const OutboxPageOut = Schema.Struct({
  items: Schema.Array(OutboxMessage),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "OutboxPage" })

const encodeJob = Schema.encodeSync(JobOut)

const ownJob = (id: string) => Effect.flatMap(JobQueue, (queue) => queue.readOwn(id))

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
      description:
        "Filters combine: status, recipient (an address), from and to (dates, inclusive), search (words in the subject or text).",
      tags: ["mail"],
      responses: { 200: { description: "A page of messages", schema: OutboxPageOut } },
    }),
    query(OutboxQuery),
    async (c) => {
      const { cursor, limit, status, recipient, from, to, search } = c.req.valid("query")
      const page = await runEffect(
        c,
        Effect.flatMap(Outbox, (outbox) =>
          outbox.listOwn(cursor, {
            ...(limit === undefined ? {} : { limit }),
            ...(status === undefined ? {} : { status }),
            ...(recipient === undefined ? {} : { recipient }),
            ...(search === undefined ? {} : { search }),
            ...dateRange({ from, to }),
          }),
        ),
      )
      return respond(c, OutboxPageOut, page)
    },
  )
