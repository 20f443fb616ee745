/**
 * Projects in the CRM (SPEC §4.6), read side: the Projects tab and the related lists of Deals and
 * Accounts. With the integration not active they answer 409 with its status and what to do.
 */
import { CrmProjects, ProjectListQuery } from "@app/core/integration"
import { Effect } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { param, query } from "../http/validate.js"
import { IdParam } from "../schemas/crm.js"
import { CrmProject, ProjectIdParam, ProjectPageOut } from "../schemas/integration.js"

const tags = ["projects"]
const notActive =
  "409 when the integration is not active: key_invalid (an administrator must update the service key), trial_expired, or not enabled."

export const projectRoutes = new Hono<ApiEnv>()
  .get(
    "/projects",
    describe({
      summary: "The Projects tab: the portal's projects, searchable and filterable, cursor-paginated",
      description: notActive,
      tags,
      responses: { 200: { description: "A page of projects, by name", schema: ProjectPageOut } },
    }),
    query(ProjectListQuery),
    async (c) => {
      const q = c.req.valid("query")
      return respond(
        c,
        ProjectPageOut,
        await runEffect(
          c,
          Effect.flatMap(CrmProjects, (p) => p.list(q)),
        ),
      )
    },
  )
  .get(
    "/projects/:id",
    describe({
      summary: "One project (by CRM id or Projects id)",
      description: notActive,
      tags,
      responses: { 200: { description: "The project", schema: CrmProject } },
    }),
    param(ProjectIdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      return respond(
        c,
        CrmProject,
        await runEffect(
          c,
          Effect.flatMap(CrmProjects, (p) => p.get(id)),
        ),
      )
    },
  )
  .get(
    "/deals/:id/projects",
    describe({
      summary: "The Projects related list of a Deal",
      description: notActive,
      tags,
      responses: { 200: { description: "Projects linked to the deal", schema: ProjectPageOut } },
    }),
    param(IdParam),
    query(ProjectListQuery),
    async (c) => {
      const { id } = c.req.valid("param")
      const q = c.req.valid("query")
      return respond(
        c,
        ProjectPageOut,
        await runEffect(
          c,
          Effect.flatMap(CrmProjects, (p) => p.forDeal(id, q)),
        ),
      )
    },
  )
  .get(
    "/accounts/:id/projects",
    describe({
      summary: "The Projects related list of an Account (its own projects and those of its mapped client)",
      description: notActive,
      tags,
      responses: { 200: { description: "Projects of the account", schema: ProjectPageOut } },
    }),
    param(IdParam),
    query(ProjectListQuery),
    async (c) => {
      const { id } = c.req.valid("param")
      const q = c.req.valid("query")
      return respond(
        c,
        ProjectPageOut,
        await runEffect(
          c,
          Effect.flatMap(CrmProjects, (p) => p.forAccount(id, q)),
        ),
      )
    },
  )
