/**
 * The integration's state (SPEC §4.1, §4.8): read it, Get Started, deactivate, and the audit log of
 * every change. Admin-only actions are refused in core, so the API and jobs share the rule.
 */
import { AuditLog, Deactivation, IntegrationState } from "@app/core/integration"
import { Effect } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { query } from "../http/validate.js"
import { AuditPageOut, AuditQuery, IntegrationView } from "../schemas/integration.js"
import { dateRange } from "../schemas/list-filters.js"

const tags = ["integration"]

export const integrationRoutes = new Hono<ApiEnv>()
  .get(
    "/integration",
    describe({
      summary:
        "The integration: status, trial, portal, setup steps and a message saying why when it is not active",
      description:
        "Status is one of not_enabled, setting_up, active, key_invalid (an administrator must update the service key), trial_expired (the free edition's 15 days are over) or deactivated.",
      tags,
      responses: { 200: { description: "The integration", schema: IntegrationView } },
    }),
    async (c) =>
      respond(
        c,
        IntegrationView,
        await runEffect(
          c,
          Effect.flatMap(IntegrationState, (s) => s.view()),
        ),
      ),
  )
  .post(
    "/integration/enable",
    describe({
      summary: "Get Started: enable the integration (administrators)",
      description:
        "A free edition gets a 15-day trial from the first enable. Enabling an enabled integration changes nothing.",
      tags,
      responses: { 200: { description: "The integration, setting up", schema: IntegrationView } },
    }),
    async (c) =>
      respond(
        c,
        IntegrationView,
        await runEffect(
          c,
          Effect.flatMap(IntegrationState, (s) => s.enable()),
        ),
      ),
  )
  .post(
    "/integration/deactivate",
    describe({
      summary: "Deactivate the integration (administrators)",
      description:
        "The Projects tab and related lists disappear; the portal and its projects are dissociated from the CRM. Nothing is deleted in the portal.",
      tags,
      responses: { 200: { description: "The integration, deactivated", schema: IntegrationView } },
    }),
    async (c) =>
      respond(
        c,
        IntegrationView,
        await runEffect(
          c,
          Effect.flatMap(Deactivation, (d) => d.deactivate()),
        ),
      ),
  )
  .get(
    "/integration/audit",
    describe({
      summary: "Every change of integration state: who, when, what, before and after (administrators)",
      description:
        "Filters combine: action (e.g. integration.portal_associated), actor (a user id), from and to (dates, inclusive), search (words in who and what changed).",
      tags,
      responses: { 200: { description: "Newest first", schema: AuditPageOut } },
    }),
    query(AuditQuery),
    async (c) => {
      const { cursor, limit, action, actor, from, to, search } = c.req.valid("query")
      const page = await runEffect(
        c,
        Effect.flatMap(AuditLog, (audit) =>
          audit.list({
            ...(cursor === undefined ? {} : { cursor }),
            ...(limit === undefined ? {} : { limit }),
            ...(action === undefined ? {} : { action }),
            ...(actor === undefined ? {} : { actorUserId: actor }),
            ...(search === undefined ? {} : { search }),
            ...dateRange({ from, to }),
          }),
        ),
      )
      return respond(c, AuditPageOut, page)
    },
  )
