import { THROTTLE_MAX_FAILURES } from "@app/core/crm"
import { TEST_PASSWORD } from "@app/core/test"
import { Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  anonymous,
  bearer,
  organizationWithClients,
  type SessionClient,
  signIn,
  startTestApi,
  TEST_IP_HEADER,
  type TestApi,
} from "../../test/api-harness.js"

let api: TestApi
let admin: SessionClient
let standard: SessionClient
let standardEmail: string

beforeAll(async () => {
  api = await startTestApi()
  const clients = await organizationWithClients(api)
  admin = clients.admin
  standard = clients.standard
  standardEmail = clients.standardUser.email
})
afterAll(() => api.close())

describe("session", () => {
  it("signs in with an HttpOnly SameSite cookie and tells who is signed in", async () => {
    const response = await anonymous(api).post("/api/v1/session", {
      email: standardEmail,
      password: Redacted.value(TEST_PASSWORD),
    })
    expect(response.status).toBe(200)
    const cookie = response.headers.get("set-cookie") ?? ""
    expect(cookie).toMatch(/^crm_session=/)
    expect(cookie).toContain("HttpOnly")
    expect(cookie).toContain("SameSite=Lax")
    expect(cookie).not.toContain("Secure")
    const me = await standard.get("me")
    expect(me.body).toMatchObject({
      user: { email: standardEmail, profileName: "Standard" },
      profile: { name: "Standard", isAdmin: false },
      visibleTabs: ["deals", "accounts", "contacts"],
      projectPermissions: { tab: false, view: false, create: false, edit: false, delete: false },
      csrfToken: standard.csrfToken,
    })
  })

  it("marks the cookie Secure behind https", async () => {
    const response = await api.app.request("/api/v1/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Proto": "https" },
      body: JSON.stringify({ email: standardEmail, password: Redacted.value(TEST_PASSWORD) }),
    })
    expect(response.headers.get("set-cookie")).toContain("Secure")
  })

  it("throttles failed sign-ins per email and address with 429 and Retry-After", async () => {
    const org = await api.organization()
    const attempt = (password: string, ip: string) =>
      anonymous(api).request(
        "POST",
        "/api/v1/session",
        { email: org.admin.email, password },
        { [TEST_IP_HEADER]: ip },
      )
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
      expect((await attempt("wrong password", "198.51.100.7")).status).toBe(401)
    }
    const throttled = await attempt(Redacted.value(TEST_PASSWORD), "198.51.100.7")
    expect(throttled.status).toBe(429)
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0)
    expect((throttled.body as { retryAfter: number }).retryAfter).toBe(
      Number(throttled.headers.get("retry-after")),
    )
    expect((await attempt(Redacted.value(TEST_PASSWORD), "198.51.100.8")).status).toBe(200)
  })

  it("replaces the browser's session when it signs in again", async () => {
    const first = await signIn(api, standardEmail)
    const again = await api.app.request("/api/v1/session", {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: first.cookie },
      body: JSON.stringify({ email: standardEmail, password: Redacted.value(TEST_PASSWORD) }),
    })
    expect(again.status).toBe(200)
    expect((await first.get("me")).status).toBe(401)
  })

  it("ends the session at sign-out", async () => {
    const session = await signIn(api, standardEmail)
    expect((await session.delete("session")).status).toBe(204)
    const after = await session.get("me")
    expect(after.status).toBe(401)
  })
})

describe("CSRF", () => {
  it("refuses a cookie-authenticated write without the session's X-CSRF-Token", async () => {
    const refused = await admin.withoutCsrf.post("accounts", { values: { name: "Forged" } })
    expect(refused.status).toBe(403)
    expect((refused.body as { errors: unknown }).errors).toEqual([
      { field: "X-CSRF-Token", message: "missing or wrong X-CSRF-Token header", code: "CsrfTokenInvalid" },
    ])
    const wrong = await admin.withoutCsrf.request(
      "POST",
      "accounts",
      { values: { name: "Forged" } },
      {
        "X-CSRF-Token": standard.csrfToken,
      },
    )
    expect(wrong.status).toBe(403)
    expect((await admin.withoutCsrf.get("accounts")).status).toBe(200)
    expect((await admin.post("accounts", { values: { name: "Real" } })).status).toBe(201)
  })

  it("needs no CSRF token with a bearer token", async () => {
    const created = await admin.post("tokens", { name: "script" })
    const client = bearer(api, (created.body as { token: string }).token)
    expect((await client.post("accounts", { values: { name: "Scripted" } })).status).toBe(201)
  })
})

describe("API tokens", () => {
  it("shows the token once, acts with its user's rights, and refuses it once revoked", async () => {
    const created = await standard.post("tokens", { name: "CI" })
    expect(created.status).toBe(201)
    const { id, token } = created.body as { id: string; token: string }
    expect(token).toMatch(/^crm_/)
    const listed = await standard.get("tokens")
    expect(listed.text).not.toContain(token)
    const client = bearer(api, token)
    expect((await client.get("me")).body).toMatchObject({ user: { email: standardEmail } })
    expect((await client.post("profiles", { name: "Via token" })).status).toBe(403)
    expect((await standard.delete(`tokens/${id}`)).status).toBe(204)
    const refused = await client.get("me")
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({
      title: "Not signed in",
      detail: "not signed in (revoked credentials)",
    })
    expect((await bearer(api, "crm_made_up").get("me")).status).toBe(401)
    expect(
      (await anonymous(api).request("GET", "me", undefined, { Authorization: "Basic abc" })).status,
    ).toBe(401)
  })
})

describe("admin routes", () => {
  it("answers 403 to a Standard user on every admin route", async () => {
    const profiles = (await admin.get("profiles")).body as { items: Array<{ id: string; name: string }> }
    const standardProfile = profiles.items.find((p) => p.name === "Standard")?.id ?? ""
    const users = (await admin.get("users")).body as { items: Array<{ id: string }> }
    const someone = users.items[0]?.id ?? ""
    const attempts = [
      standard.post("users", {
        name: "X",
        email: "x@example.test",
        profileId: standardProfile,
        password: "long enough",
      }),
      standard.patch(`users/${someone}`, { active: false }),
      standard.post("profiles", { name: "Custom" }),
      standard.post("metadata/accounts/fields", { label: "Tier", type: "text" }),
    ]
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403)
      expect(response.body).toMatchObject({ title: "Administrators only" })
    }
  })

  it("lets an administrator add users and profiles, with errors naming the field", async () => {
    const profile = await admin.post("profiles", { name: "Sales" })
    expect(profile.status).toBe(201)
    const { id: profileId } = profile.body as { id: string }
    const user = await admin.post("users", {
      name: "Sally",
      email: "sally@example.test",
      profileId,
      password: "a long password",
    })
    expect(user.status).toBe(201)
    expect(user.body).toMatchObject({ profileName: "Sales", active: true })
    expect(user.text).not.toContain("a long password")
    const duplicate = await admin.post("users", {
      name: "Sally 2",
      email: "SALLY@example.test",
      profileId,
      password: "a long password",
    })
    expect(duplicate.status).toBe(409)
    expect((duplicate.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe("email")
    const short = await admin.post("users", {
      name: "S",
      email: "s@example.test",
      profileId,
      password: "short",
    })
    expect(short.status).toBe(400)
    expect((short.body as { errors: unknown }).errors).toEqual([
      { field: "password", message: "must be at least 8 characters", code: "invalid" },
    ])
    const unknownProfile = await admin.post("users", {
      name: "U",
      email: "u@example.test",
      profileId: "00000000-0000-4000-8000-000000000000",
      password: "a long password",
    })
    expect(unknownProfile.status).toBe(422)
    expect((unknownProfile.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe("profileId")
  })
})

describe("secrets", () => {
  it("never writes passwords, tokens or cookies to the log or into responses", async () => {
    const password = Redacted.value(TEST_PASSWORD)
    const session = await signIn(api, standardEmail)
    const created = await session.post("tokens", { name: "leak check" })
    const { token } = created.body as { token: string }
    await bearer(api, token).get("me")
    await anonymous(api).post("/api/v1/session", { email: standardEmail, password: `${password}!` })
    const everything = JSON.stringify(api.logs)
    for (const secret of [password, token, session.cookie.split("=")[1] ?? "", session.csrfToken]) {
      expect(secret.length).toBeGreaterThan(5)
      expect(everything).not.toContain(secret)
    }
    const responses = [await session.get("me"), await session.get("users"), await session.get("tokens")]
    for (const response of responses) {
      expect(response.text).not.toContain(password)
      expect(response.text).not.toContain(token)
      expect(response.text).not.toMatch(/scrypt\$/)
    }
    expect(api.logs.some((line) => line.msg === "request" && line.path === "/api/v1/tokens")).toBe(true)
  })
})
