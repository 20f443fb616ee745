import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { ADMIN, EMPLOYEE, MANAGER, OWNER, setup } from "../../test/support.js"

let t: Awaited<ReturnType<typeof setup>>
beforeEach(async () => {
  t = await setup()
})
afterEach(() => t.mock.dispose())

const expectError = (
  r: { status: number; json: { error: { title: string; error_type: string } } },
  status: number,
  title: string,
) => expect([r.status, r.json.error.title]).toEqual([status, title])

describe("OAuth tokens on the API", () => {
  it("refuses a missing token, another scheme and an unknown token with INVALID_OAUTHTOKEN", async () => {
    const token = await t.tokenOf(OWNER)
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${token}` },
      { authorization: "Zoho-oauthtoken 1000.nope" },
    ]
    for (const headers of cases) {
      const r = await t.call("GET", "projects", { headers })
      expectError(r, 401, "INVALID_OAUTHTOKEN")
      expect(r.json.error.error_type).toBe("AUTHENTICATION_ERROR")
    }
  })

  it("expires access tokens after 3600 s of mock clock", async () => {
    await t.tokenOf(OWNER)
    await t.control.clockAdvance(3599)
    expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(200)
    await t.control.clockAdvance(1)
    expectError(await t.call("GET", "projects", { as: OWNER }), 401, "INVALID_OAUTHTOKEN")
  })

  it("answers INVALID_OAUTHSCOPE when the token lacks the module's scope for the method", async () => {
    const token = await t.control.tokens(OWNER, {
      scopes: ["ZohoProjects.projects.READ", "ZohoProjects.portals.READ"],
    })
    const headers = { authorization: `Zoho-oauthtoken ${token.access_token}` }
    expect((await t.call("GET", "projects", { headers })).status).toBe(200)
    expectError(await t.call("POST", "projects", { headers, body: { name: "x" } }), 401, "INVALID_OAUTHSCOPE")
    expectError(await t.call("GET", "users", { headers }), 401, "INVALID_OAUTHSCOPE")
    expectError(
      await t.call("POST", "/api/v3/portals", { headers, body: { name: "x" } }),
      401,
      "INVALID_OAUTHSCOPE",
    )
  })

  it("accepts the projects scope for the read-only settings, and checks credentials before the body", async () => {
    const token = await t.control.tokens(OWNER, { scopes: ["ZohoProjects.projects.READ"] })
    const headers = { authorization: `Zoho-oauthtoken ${token.access_token}` }
    expect((await t.call("GET", "settings/modules/projects/fields", { headers })).status).toBe(200)
    expect((await t.call("GET", "module/projects/statuses", { headers })).status).toBe(200)
    const r = await t.call("POST", "projects", { body: "not json" })
    expectError(r, 401, "INVALID_OAUTHTOKEN")
  })

  it("answers 403 FORBIDDEN by role and to users outside the portal", async () => {
    expectError(await t.call("POST", "clients", { as: MANAGER, body: { name: "Nope" } }), 403, "FORBIDDEN")
    expectError(
      await t.call("POST", "webhooks", { as: EMPLOYEE, body: { url: "http://x.test" } }),
      403,
      "FORBIDDEN",
    )
    const other = await t.call("POST", "/api/v3/portals", { as: ADMIN, body: { name: "Admin's own" } })
    expectError(
      await t.call("GET", `/api/v3/portal/${other.json.portal_details.id}/projects`, { as: MANAGER }),
      403,
      "FORBIDDEN",
    )
  })
})

describe("service keys", () => {
  const keyHeaders = (key: string | undefined, email: string) => ({
    "x-zsc-key": key ?? "",
    "x-zsc-email": email,
  })

  it("lets an administrator's key and email act as that user, and lists the portals the key reaches", async () => {
    const key = await t.control.keys(ADMIN)
    expect(key.key).toMatch(/^[0-9a-f]{32}$/)
    expect(key.portal_ids).toEqual([t.portalId])
    const portals = await t.call("GET", "/api/v3/portals", { headers: keyHeaders(key.key, ADMIN) })
    expect(portals.json.map((p: { id: string }) => p.id)).toEqual([t.portalId])
    const created = await t.call("POST", "projects", {
      headers: keyHeaders(key.key, ADMIN),
      body: { name: "Via key" },
    })
    expect(created.status).toBe(201)
    expect(created.json.created_by.email).toBe(ADMIN)
  })

  it("answers INVALID_KEY for a missing header, a wrong key, a wrong email and a non-administrator", async () => {
    const key = await t.control.keys(ADMIN)
    const cases = [
      { "x-zsc-key": key.key ?? "" },
      keyHeaders("0".repeat(32), ADMIN),
      keyHeaders(key.key, OWNER),
      keyHeaders((await t.control.keys(EMPLOYEE)).key, EMPLOYEE),
    ]
    for (const headers of cases) {
      const r = await t.call("GET", "projects", { headers })
      expectError(r, 401, "INVALID_KEY")
      expect(r.json.error.details[0].message.length).toBeGreaterThan(0)
    }
  })

  it("cuts off the old key at once when it is regenerated", async () => {
    const old = await t.control.keys(ADMIN)
    expect((await t.call("GET", "projects", { headers: keyHeaders(old.key, ADMIN) })).status).toBe(200)
    const fresh = await t.control.regenerateKey(ADMIN)
    expect(fresh.key).not.toBe(old.key)
    expectError(await t.call("GET", "projects", { headers: keyHeaders(old.key, ADMIN) }), 401, "INVALID_KEY")
    expect((await t.call("GET", "projects", { headers: keyHeaders(fresh.key, ADMIN) })).status).toBe(200)
  })

  it("revokes the previous owner's key for the transferred portal only", async () => {
    const ownerKey = await t.control.keys(OWNER)
    const other = await t.call("POST", "/api/v3/portals", {
      headers: keyHeaders(ownerKey.key, OWNER),
      body: { name: "Owner's second" },
    })
    expect(other.status).toBe(201)
    const transferred = await t.control.transferPortal(t.portalId, ADMIN)
    expect(transferred.portal_details).toMatchObject({ owner: { email: ADMIN } })
    expectError(
      await t.call("GET", "projects", { headers: keyHeaders(ownerKey.key, OWNER) }),
      401,
      "INVALID_KEY",
    )
    const elsewhere = await t.call("GET", `/api/v3/portal/${other.json.portal_details.id}/projects`, {
      headers: keyHeaders(ownerKey.key, OWNER),
    })
    expect(elsewhere.status).toBe(200)
    const adminKey = await t.control.keys(ADMIN)
    expect((await t.call("GET", "projects", { headers: keyHeaders(adminKey.key, ADMIN) })).status).toBe(200)
    const regenerated = await t.control.regenerateKey(OWNER)
    expect((await t.call("GET", "projects", { headers: keyHeaders(regenerated.key, OWNER) })).status).toBe(
      200,
    )
  })

  it("prefers OAuth when both an Authorization header and a key are sent", async () => {
    const key = await t.control.keys(ADMIN)
    const r = await t.call("GET", "projects", {
      headers: { ...keyHeaders(key.key, ADMIN), authorization: "Zoho-oauthtoken 1000.bad" },
    })
    expectError(r, 401, "INVALID_OAUTHTOKEN")
  })
})

describe("OAuth accounts server", () => {
  const authorize = (extra: Record<string, string>) =>
    t.mock.app.request(
      `/oauth/v2/auth?${new URLSearchParams({
        client_id: "crm-app",
        response_type: "code",
        redirect_uri: "http://127.0.0.1:3000/cb",
        scope: "ZohoProjects.portals.READ,ZohoProjects.projects.ALL,AaaServer.profile.READ",
        access_type: "offline",
        state: "xyz",
        ...extra,
      })}`,
    )

  it("runs the code flow end to end: login_hint, code for tokens by query string, refresh by form body", async () => {
    const res = await authorize({ login_hint: MANAGER })
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get("location") ?? "")
    expect(location.origin + location.pathname).toBe("http://127.0.0.1:3000/cb")
    expect(location.searchParams.get("state")).toBe("xyz")
    expect(location.searchParams.get("location")).toBe("us")
    expect(location.searchParams.get("accounts-server")).toBe("http://127.0.0.1")
    const code = location.searchParams.get("code") ?? ""
    const exchange = `/oauth/v2/token?${new URLSearchParams({
      grant_type: "authorization_code",
      client_id: "crm-app",
      client_secret: "s3cret",
      code,
      redirect_uri: "http://127.0.0.1:3000/cb",
    })}`
    const tokenRes = await t.mock.app.request(exchange, {
      method: "POST",
      headers: { "content-type": "application/json" },
    })
    const tokens = (await tokenRes.json()) as Record<string, string>
    expect(tokenRes.status).toBe(200)
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 3600, api_domain: "http://127.0.0.1" })
    expect((tokens.scope ?? "").split(" ")).toContain("ZohoProjects.projects.ALL")
    expect(typeof tokens.refresh_token).toBe("string")
    const projects = await t.call("GET", "projects", {
      headers: { authorization: `Zoho-oauthtoken ${tokens.access_token}` },
    })
    expect(projects.status).toBe(200)
    const reused = await (await t.mock.app.request(exchange, { method: "POST" })).json()
    expect(reused).toEqual({ error: "invalid_code" })
    const refreshed = await t.mock.app.request("/oauth/v2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: "crm-app",
        client_secret: "s",
        refresh_token: tokens.refresh_token ?? "",
      }).toString(),
    })
    const again = (await refreshed.json()) as Record<string, string>
    expect(again.access_token).not.toBe(tokens.access_token)
    expect(again.refresh_token).toBeUndefined()
    const info = await t.mock.app.request("/oauth/user/info", {
      headers: { authorization: `Zoho-oauthtoken ${again.access_token}` },
    })
    expect(await info.json()).toMatchObject({
      Email: MANAGER,
      First_Name: "Maria",
      Last_Name: "Manager",
      Display_Name: "Maria Manager",
    })
  })

  it("shows a sign-in page listing users, approves by form, and sends access_denied on refusal", async () => {
    const page = await authorize({})
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(OWNER)
    expect(html).toContain("crm-app")
    const form = (decision: string) =>
      t.mock.app.request("/oauth/v2/auth", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          client_id: "crm-app",
          response_type: "code",
          redirect_uri: "http://127.0.0.1:3000/cb",
          scope: "ZohoProjects.projects.READ",
          state: "s1",
          email: OWNER,
          decision,
        }).toString(),
      })
    const approved = new URL((await form("approve")).headers.get("location") ?? "")
    expect(approved.searchParams.get("code")).toMatch(/^1000\./)
    const denied = new URL((await form("deny")).headers.get("location") ?? "")
    expect(denied.searchParams.get("error")).toBe("access_denied")
    expect(denied.searchParams.get("state")).toBe("s1")
    expect((await authorize({ response_type: "token" })).status).toBe(400)
  })

  it("answers token failures with HTTP 200 and an error field", async () => {
    const post = async (params: Record<string, string>) =>
      (await t.mock.app.request(`/oauth/v2/token?${new URLSearchParams(params)}`, { method: "POST" })).json()
    expect(
      await post({ grant_type: "authorization_code", client_id: "a", client_secret: "b", code: "nope" }),
    ).toEqual({
      error: "invalid_code",
    })
    expect(
      await post({ grant_type: "refresh_token", client_id: "a", client_secret: "b", refresh_token: "nope" }),
    ).toEqual({
      error: "invalid_code",
    })
    expect(await post({ grant_type: "refresh_token", client_id: "", refresh_token: "nope" })).toEqual({
      error: "invalid_client",
    })
  })

  it("expires codes after two minutes and requires the same redirect_uri", async () => {
    const code = () =>
      authorize({ login_hint: OWNER }).then(
        (r) => new URL(r.headers.get("location") ?? "").searchParams.get("code") ?? "",
      )
    const exchange = async (c: string, redirect = "http://127.0.0.1:3000/cb") =>
      (
        await t.mock.app.request(
          `/oauth/v2/token?${new URLSearchParams({ grant_type: "authorization_code", client_id: "crm-app", client_secret: "x", code: c, redirect_uri: redirect })}`,
          { method: "POST" },
        )
      ).json()
    expect(await exchange(await code(), "http://127.0.0.1:3000/other")).toEqual({ error: "invalid_code" })
    const late = await code()
    await t.control.clockAdvance(121)
    expect(await exchange(late)).toEqual({ error: "invalid_code" })
  })

  it("revokes a refresh token and the access tokens it issued; unknown tokens get 400", async () => {
    const issued = await t.control.tokens(OWNER, { refresh: true })
    const headers = { authorization: `Zoho-oauthtoken ${issued.access_token}` }
    const res = await t.mock.app.request(`/oauth/v2/token/revoke?token=${issued.refresh_token}`, {
      method: "POST",
    })
    expect(await res.json()).toEqual({ status: "success" })
    expectError(await t.call("GET", "projects", { headers }), 401, "INVALID_OAUTHTOKEN")
    expect((await t.mock.app.request("/oauth/v2/token/revoke?token=nope", { method: "POST" })).status).toBe(
      400,
    )
  })
})
