/**
 * Hostile bodies on every JSON route of the OpenAPI document: nesting that would exhaust the parser's
 * stack, bodies over the size limit, anonymous probes of a route's schema, and secrets sent where a
 * refusal might echo them. Each is refused with problem+json, never a 500, and echoes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { anonymous, organizationWithClients, startIntegrationTestApi, type TestApi } from "./api-harness.js"

let api: TestApi
let close: () => Promise<void>
beforeAll(async () => {
  ;({ api, close } = await startIntegrationTestApi())
})
afterAll(() => close?.())

interface Operation {
  readonly method: string
  readonly path: string
  readonly public: boolean
  readonly hasParameter: boolean
}

const jsonOperations = async (): Promise<ReadonlyArray<Operation>> => {
  const doc = (await (await api.app.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, { requestBody?: unknown; security?: Array<unknown> }>>
  }
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => operation.requestBody !== undefined)
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path: path.replace("{module}", "deals").replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000"),
        public: operation.security?.length === 0,
        hasParameter: path.includes("{"),
      })),
  )
}

const DEEP = `${"[".repeat(3000)}${"]".repeat(3000)}`
const DEEP_OBJECT = `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`

describe("hostile JSON bodies", () => {
  it("refuses JSON nested 3,000 levels deep on every JSON route with 400, or 401 when anonymous", async () => {
    const { admin } = await organizationWithClients(api)
    const operations = await jsonOperations()
    expect(operations.length).toBeGreaterThan(15)
    const seen: Array<string> = []
    for (const { method, path, public: isPublic, hasParameter } of operations) {
      for (const body of [DEEP, DEEP_OBJECT]) {
        const asAdmin = await api.app.request(path, {
          method,
          headers: {
            Cookie: admin.cookie,
            "X-CSRF-Token": admin.csrfToken,
            "Content-Type": "application/json",
          },
          body,
        })
        const asAnonymous = await api.app.request(path, {
          method,
          headers: { "Content-Type": "application/json" },
          body,
        })
        seen.push(`${method} ${path} ${asAdmin.status} ${asAnonymous.status}`)
        // A path parameter naming nothing may be refused first (404); the body is never decoded then.
        expect(hasParameter ? [400, 404] : [400], `${method} ${path}`).toContain(asAdmin.status)
        expect(asAdmin.headers.get("content-type")).toContain("problem+json")
        expect(asAnonymous.status, `${method} ${path} anonymous`).toBe(isPublic ? 400 : 401)
        expect(asAnonymous.headers.get("content-type")).toContain("problem+json")
      }
    }
    expect(seen.length).toBe(operations.length * 2)
  })

  it("answers 413 to a body over 1 MiB, before reading it", async () => {
    const { admin } = await organizationWithClients(api)
    const big = JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) })
    for (const { method, path } of await jsonOperations()) {
      const response = await api.app.request(path, {
        method,
        headers: {
          Cookie: admin.cookie,
          "X-CSRF-Token": admin.csrfToken,
          "Content-Type": "application/json",
        },
        body: big,
      })
      expect(response.status, `${method} ${path}`).toBe(413)
      expect(response.headers.get("content-type")).toContain("problem+json")
    }
  })

  it("tells an anonymous caller only to sign in, naming none of the route's fields", async () => {
    for (const { method, path, public: isPublic } of await jsonOperations()) {
      if (isPublic) continue
      const response = await anonymous(api).request(method, path, { unexpected: [1, 2] })
      expect(response.status, `${method} ${path}`).toBe(401)
      expect((response.body as { errors: Array<unknown> }).errors).toEqual([])
    }
    const invalidQuery = await anonymous(api).get("projects?limit=-5")
    expect(invalidQuery.status).toBe(401)
    const invalidParam = await anonymous(api).get("jobs/not-an-id")
    expect(invalidParam.status).toBe(401)
  })
})

describe("secrets in refused input", () => {
  const SECRET = "s3cr3t-value-that-must-never-come-back-0123456789"

  it("does not echo a password sent as an array, nor a key too long or of the wrong type", async () => {
    const { admin } = await organizationWithClients(api)
    await admin.post("integration/enable")
    const attempts = [
      await anonymous(api).post("/api/v1/session", { email: "a@example.test", password: [SECRET] }),
      await anonymous(api).post("/api/v1/session", { email: [SECRET], password: SECRET }),
      await admin.post("integration/portals/lookup", { email: "a@example.test", key: [SECRET] }),
      await admin.post("integration/portals/lookup", { email: "a@example.test", key: SECRET.repeat(20) }),
      await admin.post("integration/portals/lookup", { email: "a@example.test", key: { value: SECRET } }),
      await admin.request("PUT", "integration/key", { email: "a@example.test", key: `${SECRET} ${SECRET}` }),
      await admin.post("tokens", { name: [SECRET] }),
    ]
    for (const attempt of attempts) {
      expect(attempt.status).toBe(400)
      expect(attempt.text).not.toContain(SECRET)
      expect(attempt.text).not.toContain("s3cr3t")
    }
    for (const line of api.logs) expect(JSON.stringify(line)).not.toContain("s3cr3t")
  })

  it("refuses a service key with non-ASCII characters at once with 400", async () => {
    const { admin } = await organizationWithClients(api)
    await admin.post("integration/enable")
    const response = await admin.post("integration/portals/lookup", {
      email: "owner@projects.demo.test",
      key: "clé-de-service-é",
    })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ errors: [{ field: "key" }] })
    expect(response.text).not.toContain("clé")
  })
})

describe("the OAuth return", () => {
  it("sends the console an error code, never text taken from the request", async () => {
    const { admin } = await organizationWithClients(api)
    await admin.post("integration/enable")
    const injected = "Call 555 0100 to restore your account"
    const response = await admin.get(
      `integration/oauth/callback?state=forged&code=x&error=${encodeURIComponent(injected)}`,
    )
    expect(response.status).toBe(302)
    const location = response.headers.get("location") ?? ""
    expect(new URL(location, "http://console.test").searchParams.get("error")).toBe("expired")
    expect(decodeURIComponent(location)).not.toContain("555")
  })
})
