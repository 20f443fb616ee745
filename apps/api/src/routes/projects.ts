/**
 * Projects in the CRM (SPEC §4.6): the Projects tab, the related lists of Deals and Accounts, drafts
 * pre-filled through the field mapping (SPEC §4.3), and writes through to the portal. With the
 * integration not active they answer 409 (402 once a trial is over) with its status and what to do.
 */
import {
  CrmProjects,
  ProjectDraft,
  ProjectDrafts,
  ProjectForm,
  ProjectForms,
  ProjectInput,
  ProjectListQuery,
  ProjectWrites,
} from "@app/core/integration"
import { Effect } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond, respondEncoded } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param, query } from "../http/validate.js"
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
      return respondEncoded(
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
    "/projects/form",
    describe({
      summary:
        "The project form: the portal's layouts and the fields each takes, statuses, possible owners and clients (users who may view projects)",
      description: notActive,
      tags,
      responses: { 200: { description: "What a project form may show", schema: ProjectForm } },
    }),
    async (c) =>
      respond(
        c,
        ProjectForm,
        await runEffect(
          c,
          Effect.flatMap(ProjectForms, (f) => f.form()),
        ),
      ),
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
      return respondEncoded(
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
      return respondEncoded(
        c,
        ProjectPageOut,
        await runEffect(
          c,
          Effect.flatMap(CrmProjects, (p) => p.forAccount(id, q)),
        ),
      )
    },
  )
  .get(
    "/contacts/:id/projects",
    describe({
      summary: "The projects a Contact is associated with (its client user is listed on them)",
      description: notActive,
      tags,
      responses: { 200: { description: "Projects of the contact", schema: ProjectPageOut } },
    }),
    param(IdParam),
    query(ProjectListQuery),
    async (c) => {
      const { id } = c.req.valid("param")
      const q = c.req.valid("query")
      return respondEncoded(
        c,
        ProjectPageOut,
        await runEffect(
          c,
          Effect.flatMap(CrmProjects, (p) => p.forContact(id, q)),
        ),
      )
    },
  )
  .post(
    "/projects",
    describe({
      summary: "Create a project in the portal (optionally linked to a Deal and/or an Account)",
      description: `${notActive} A draft's \`values\` can be posted as they are.`,
      tags,
      responses: { 201: { description: "The project, as the CRM now shows it", schema: CrmProject } },
    }),
    json(ProjectInput),
    async (c) => {
      const body = c.req.valid("json")
      return respond(
        c,
        CrmProject,
        await runEffect(
          c,
          Effect.flatMap(ProjectWrites, (w) =>
            w.create(body, c.var.idempotencyKey === undefined ? {} : { intentKey: c.var.idempotencyKey }),
          ),
        ),
        201,
      )
    },
  )
  .patch(
    "/projects/:id",
    describe({
      summary: "Update a project in the portal (any subset of its fields, or its links)",
      description: notActive,
      tags,
      responses: { 200: { description: "The project", schema: CrmProject } },
    }),
    param(ProjectIdParam),
    json(ProjectInput),
    async (c) => {
      const { id } = c.req.valid("param")
      const body = c.req.valid("json")
      return respond(
        c,
        CrmProject,
        await runEffect(
          c,
          Effect.flatMap(ProjectWrites, (w) => w.update(id, body)),
        ),
      )
    },
  )
  .delete(
    "/projects/:id",
    describe({
      summary: "Delete a project: moved to the portal's trash and removed from the CRM",
      description: notActive,
      tags,
      responses: { 204: { description: "Deleted" } },
    }),
    param(ProjectIdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      await runEffect(
        c,
        Effect.flatMap(ProjectWrites, (w) => w.delete(id)),
      )
      return c.body(null, 204)
    },
  )
  .get(
    "/deals/:id/projects/draft",
    describe({
      summary:
        "A new project pre-filled from the Deal through the field mapping (the Account fills what the Deal leaves empty)",
      description: "A value that cannot convert to the project field's type is left empty, with the reason.",
      tags,
      responses: { 200: { description: "The draft", schema: ProjectDraft } },
    }),
    param(IdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      return respond(
        c,
        ProjectDraft,
        await runEffect(
          c,
          Effect.flatMap(ProjectDrafts, (d) => d.forDeal(id)),
        ),
      )
    },
  )
  .get(
    "/accounts/:id/projects/draft",
    describe({
      summary: "A new project pre-filled from the Account through the field mapping",
      description: "A value that cannot convert to the project field's type is left empty, with the reason.",
      tags,
      responses: { 200: { description: "The draft", schema: ProjectDraft } },
    }),
    param(IdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      return respond(
        c,
        ProjectDraft,
        await runEffect(
          c,
          Effect.flatMap(ProjectDrafts, (d) => d.forAccount(id)),
        ),
      )
    },
  )
