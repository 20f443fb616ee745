/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
import { Database } from "@app/core/persistence"
import { sql } from "drizzle-orm"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { problem } from "../http/problem.js"
import { respond } from "../http/respond.js"

const Health = Schema.Struct({ status: Schema.Literal("ok") }).annotations({ identifier: "Health" })

export const healthRoutes = new Hono<ApiEnv>()
  .get(
    "/healthz",
    describe({
      summary: "The process is up",
      tags: ["health"],
      public: true,
      responses: { 200: { description: "Up", schema: Health } },
    }),
    (c) => respond(c, Health, { status: "ok" }),
  )
  .get(
    "/readyz",
    describe({
      summary: "The database is reachable",
      tags: ["health"],
      public: true,
      responses: {
        200: { description: "Ready", schema: Health },
        503: { description: "Database unreachable" },
      },
    }),
    async (c) => {
      const exit = await c.var.runtime.runPromiseExit(
        Effect.flatMap(Database, (db) => db.execute(sql`select 1`)).pipe(Effect.timeout("2 seconds")),
      )
      return exit._tag === "Success"
        ? respond(c, Health, { status: "ok" })
        : problem(c, 503, "Database unreachable")
    },
  )
