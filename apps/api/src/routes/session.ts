/** Sign-in, sign-out and the signed-in user's view of themselves (SPEC §7 "session"). */
import { Sessions, signIn, whoAmI } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import { Hono } from "hono"
import { deleteCookie, setCookie } from "hono/cookie"
import type { ApiEnv } from "../env.js"
import { meExtras } from "../http/me.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect, runPublic } from "../http/run-effect.js"
import { json } from "../http/validate.js"
import { isHttps, SESSION_COOKIE } from "../middleware/auth.js"
import { MeOut, SessionOut, SignInBody } from "../schemas/crm.js"
import { toUserOut } from "./people.js"

const tags = ["session"]

export const sessionRoutes = new Hono<ApiEnv>()
  .post(
    "/session",
    describe({
      summary: "Sign in with email and password",
      description:
        "Sets the HttpOnly session cookie and returns the CSRF token that cookie-authenticated writes send in " +
        "X-CSRF-Token. Repeated failures for one email from one address are throttled (429 with Retry-After).",
      tags,
      public: true,
      responses: { 200: { description: "Signed in", schema: SessionOut } },
    }),
    json(SignInBody),
    async (c) => {
      const body = c.req.valid("json")
      const previous = c.var.sessionToken
      const signedIn = await runPublic(c, signIn({ ...body, ip: c.var.clientIp }, previous))
      setCookie(c, SESSION_COOKIE, Redacted.value(signedIn.sessionToken), {
        httpOnly: true,
        sameSite: "Lax",
        secure: isHttps(c),
        path: "/",
      })
      return respond(c, SessionOut, {
        user: toUserOut(signedIn.user, signedIn.profile.name),
        csrfToken: Redacted.value(signedIn.csrfToken),
      })
    },
  )
  .delete(
    "/session",
    describe({
      summary: "Sign out (ends the cookie session)",
      tags,
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const token = c.var.sessionToken
      if (token !== undefined)
        await runPublic(
          c,
          Effect.flatMap(Sessions, (s) => s.signOut(token)),
        )
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c), httpOnly: true, sameSite: "Lax" })
      return c.body(null, 204)
    },
  )
  .get(
    "/me",
    describe({
      summary: "The signed-in user, their profile, organization, visible tabs and project permissions",
      tags,
      responses: { 200: { description: "Who is signed in", schema: MeOut } },
    }),
    async (c) => {
      const me = await runEffect(
        c,
        Effect.flatMap(whoAmI(), (me) =>
          Effect.map(meExtras(c.var.meContributors, me.actor), (extras) => ({ ...me, extras })),
        ),
      )
      const sessionToken = c.var.sessionToken
      const csrfToken =
        sessionToken === undefined
          ? undefined
          : await runPublic(
              c,
              Effect.map(Sessions, (s) => Redacted.value(s.csrfTokenFor(sessionToken))),
            )
      return respond(c, MeOut, {
        user: toUserOut(me.user, me.profile.name),
        profile: me.profile,
        organization: me.organization,
        visibleTabs: me.extras.visibleTabs,
        projectPermissions: me.extras.projectPermissions,
        ...(csrfToken ? { csrfToken } : {}),
      })
    },
  )
