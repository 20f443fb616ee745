/**
 * Step 1, portal configuration (SPEC §4.2): own portal through OAuth, another user's portal through
 * their service key, or a new portal; saving the chosen one starts the import. Also the service-key
 * update of SPEC §4.7. Keys and tokens are never returned.
 */
import { type CredentialSource, PortalSetup, ServiceKeys } from "@app/core/integration"
import { Effect, type Redacted } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, query } from "../http/validate.js"
import {
  ChoosePortalBody,
  ChosenPortalOut,
  CreatePortalBody,
  KeyBody,
  KeyUpdatedOut,
  OAuthCallbackQuery,
  OAuthStartQuery,
  PortalSummary,
  PortalsOut,
} from "../schemas/integration.js"

const tags = ["portal"]
const CONSOLE_PAGE = "/setup/marketplace/zoho/projects"

/** Service key + email when given (the body schema requires both or neither), else the OAuth connection. */
const sourceOf = (body: {
  email?: string | undefined
  key?: Redacted.Redacted<string> | undefined
}): CredentialSource =>
  body.email !== undefined && body.key !== undefined
    ? { _tag: "ServiceKey", email: body.email, key: body.key }
    : { _tag: "OAuth" }

/** Why the OAuth connection failed, as the console's `?error=` codes. */
const OAUTH_ERROR_CODES: Readonly<Record<string, string>> = { state: "expired", code: "denied" }

export const portalRoutes = new Hono<ApiEnv>()
  .get(
    "/integration/oauth/start",
    describe({
      summary: "Own portal: send the browser to the Projects accounts server to connect the admin's account",
      description:
        "The accounts server returns the browser to PUBLIC_URL when it is set, else to the origin this request was made on.",
      tags,
      responses: { 302: { description: "Redirect to the authorization page" } },
    }),
    query(OAuthStartQuery),
    async (c) => {
      const { loginHint } = c.req.valid("query")
      // The browser's own origin (from its Host): the callback comes back where the session cookie is.
      const origin = new URL(c.req.url).origin
      const url = await runEffect(
        c,
        Effect.flatMap(PortalSetup, (s) =>
          s.oauthStart(loginHint === undefined ? { origin } : { loginHint, origin }),
        ),
      )
      return c.redirect(url, 302)
    },
  )
  .get(
    "/integration/oauth/callback",
    describe({
      summary: "Own portal: where the accounts server sends the browser back; returns to the console",
      tags,
      responses: { 302: { description: "Redirect to the console's Projects page" } },
    }),
    query(OAuthCallbackQuery),
    async (c) => {
      const input = c.req.valid("query")
      const outcome = await runEffect(
        c,
        Effect.flatMap(PortalSetup, (s) => s.oauthCallback(input)).pipe(
          Effect.map((connected) => `connected=${encodeURIComponent(connected.email)}`),
          // A code, never text: the console translates it and shows nothing else from its URL.
          Effect.catchTag("CredentialRejected", (error) =>
            Effect.succeed(`error=${OAUTH_ERROR_CODES[error.field] ?? "refused"}`),
          ),
        ),
      )
      return c.redirect(`${CONSOLE_PAGE}?${outcome}`, 302)
    },
  )
  .get(
    "/integration/portals",
    describe({
      summary: "Own portal: the portals of the Projects account connected with OAuth",
      tags,
      responses: { 200: { description: "Portals", schema: PortalsOut } },
    }),
    async (c) =>
      respond(c, PortalsOut, {
        items: await runEffect(
          c,
          Effect.flatMap(PortalSetup, (s) => s.ownPortals()),
        ),
      }),
  )
  .post(
    "/integration/portals/lookup",
    describe({
      summary: "Another user's portal: the portals that user's service key reaches (nothing is stored)",
      tags,
      responses: { 200: { description: "Portals", schema: PortalsOut } },
    }),
    json(KeyBody),
    async (c) => {
      const body = c.req.valid("json")
      const items = await runEffect(
        c,
        Effect.flatMap(PortalSetup, (s) => s.lookup(body)),
      )
      return respond(c, PortalsOut, { items })
    },
  )
  .post(
    "/integration/portals",
    describe({
      summary: "Create a portal in Projects (with the OAuth connection, or a service key + email)",
      tags,
      responses: { 201: { description: "The new portal", schema: PortalSummary } },
    }),
    json(CreatePortalBody),
    async (c) => {
      const body = c.req.valid("json")
      const source = sourceOf(body)
      const portal = await runEffect(
        c,
        Effect.flatMap(PortalSetup, (s) => s.createPortal({ name: body.name, source })),
      )
      return respond(c, PortalSummary, portal, 201)
    },
  )
  .put(
    "/integration/portal",
    describe({
      summary: "Save the chosen portal: the integration becomes active and every project is imported (a job)",
      tags,
      responses: { 200: { description: "The integration and the import job", schema: ChosenPortalOut } },
    }),
    json(ChoosePortalBody),
    async (c) => {
      const body = c.req.valid("json")
      const source = sourceOf(body)
      const saved = await runEffect(
        c,
        Effect.flatMap(PortalSetup, (s) => s.choosePortal({ portalId: body.portalId, source })),
      )
      return respond(c, ChosenPortalOut, saved)
    },
  )
  .put(
    "/integration/key",
    describe({
      summary: "Update the service key: checked against the portal, then syncing resumes and catches up",
      tags,
      responses: { 200: { description: "The integration and the catch-up job", schema: KeyUpdatedOut } },
    }),
    json(KeyBody),
    async (c) => {
      const body = c.req.valid("json")
      const updated = await runEffect(
        c,
        Effect.flatMap(ServiceKeys, (keys) => keys.replace(body)),
      )
      return respond(c, KeyUpdatedOut, updated)
    },
  )
