/**
 * The OAuth 2.0 accounts server (projects-api.md §3.1): a sign-in/consent page (or `login_hint` for tests),
 * the token endpoint with both grants (query string or form body; failures are HTTP 200 `{"error"}`),
 * revocation and user info.
 */
import { type AuthorizationRequest, methodNotAllowed, ProjectsApiError } from "@app/core/projects-emulator"
import type { Context } from "hono"
import { Hono } from "hono"
import type { MockEnv } from "../env.js"
import { credentials } from "../http.js"

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  )

const redirectTo = (c: Context<MockEnv>, req: AuthorizationRequest, params: Record<string, string>) => {
  const target = new URL(req.redirectUri)
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v)
  if (req.state !== undefined) target.searchParams.set("state", req.state)
  target.searchParams.set("location", "us")
  target.searchParams.set("accounts-server", c.get("origin"))
  return c.redirect(target.toString(), 302)
}

const page = (c: Context<MockEnv>, q: Record<string, string>, req: AuthorizationRequest) => {
  const emu = c.get("emu")
  const hidden = Object.entries(q)
    .filter(([k]) => k !== "email" && k !== "decision")
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("")
  const users = emu
    .knownAccounts()
    .map(
      (a) =>
        `<li><button type="submit" name="email" value="${escapeHtml(a.email)}">${escapeHtml(`${a.firstName} ${a.lastName}`)} &lt;${escapeHtml(a.email)}&gt;</button></li>`,
    )
    .join("")
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in — Projects (mock)</title></head>
<body><main><h1>Sign in to Projects (mock)</h1>
<p>The application <strong>${escapeHtml(req.clientId)}</strong> asks for: ${req.scopes.map(escapeHtml).join(", ")}</p>
<form method="post" action="${escapeHtml(c.get("origin"))}/oauth/v2/auth">${hidden}
<input type="hidden" name="decision" value="approve">
<h2>Accept as</h2><ul>${users}</ul></form>
<form method="post" action="${escapeHtml(c.get("origin"))}/oauth/v2/auth">${hidden}
<button type="submit" name="decision" value="deny">Deny</button></form>
</main></body></html>`
  return c.html(html)
}

const errorPage = (c: Context<MockEnv>, err: unknown) => {
  if (err instanceof ProjectsApiError)
    return c.html(`<!doctype html><title>Invalid request</title><p>${escapeHtml(err.detail)}</p>`, 400)
  throw err
}

/** Parameters from the query string and, when present, a form body (one client sends both). */
const tokenParams = async (c: Context<MockEnv>): Promise<Record<string, string>> => {
  const params: Record<string, string> = { ...c.req.query() }
  const type = c.req.header("content-type") ?? ""
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await c.req.parseBody()
    for (const [k, v] of Object.entries(form)) if (typeof v === "string") params[k] = v
  }
  return params
}

export const oauthRoutes = () =>
  new Hono<MockEnv>({ strict: false })
    .get("/oauth/v2/auth", (c) => {
      const emu = c.get("emu")
      const q = c.req.query()
      let req: AuthorizationRequest
      try {
        req = emu.beginAuthorization(q)
      } catch (err) {
        return errorPage(c, err)
      }
      const hint = q.login_hint
      if (hint !== undefined && emu.accountByEmail(hint) !== undefined)
        return redirectTo(c, req, { code: emu.approveAuthorization(req, hint) })
      return page(c, q, req)
    })
    .post("/oauth/v2/auth", async (c) => {
      const emu = c.get("emu")
      const form = await c.req.parseBody()
      const q: Record<string, string> = {}
      for (const [k, v] of Object.entries(form)) if (typeof v === "string") q[k] = v
      let req: AuthorizationRequest
      try {
        req = emu.beginAuthorization(q)
        if (q.decision === "deny") return redirectTo(c, req, { error: "access_denied" })
        return redirectTo(c, req, { code: emu.approveAuthorization(req, q.email ?? "") })
      } catch (err) {
        return errorPage(c, err)
      }
    })
    .all("/oauth/v2/auth", () => {
      throw methodNotAllowed()
    })
    .post("/oauth/v2/token", async (c) => {
      const answer = c.get("emu").token(await tokenParams(c), c.get("origin"))
      return c.json(answer, 200)
    })
    .all("/oauth/v2/token", () => {
      throw methodNotAllowed()
    })
    .post("/oauth/v2/token/revoke", async (c) => {
      const params = await tokenParams(c)
      c.get("emu").revokeToken(params.token ?? "")
      return c.json({ status: "success" }, 200)
    })
    .all("/oauth/v2/token/revoke", () => {
      throw methodNotAllowed()
    })
    .get("/oauth/user/info", (c) => c.json(c.get("emu").userInfo(credentials(c))))
    .all("/oauth/user/info", () => {
      throw methodNotAllowed()
    })
