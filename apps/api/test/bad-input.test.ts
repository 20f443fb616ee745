/**
 * "Bad input gets a clear error and changes nothing; never a 500" (SPEC §6), swept over every route of
 * the OpenAPI document: malformed JSON, wrong shapes, hostile path parameters and query strings, as an
 * administrator (bearer token) and as a Standard user. Each answer is below 500, and every refusal is
 * problem+json.
 */
import { ApiTokens, actingAs } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import { afterAll, beforeAll, expect, it } from "vitest"
import { type IntegrationTestApi, organizationWithClients, startIntegrationTestApi } from "./api-harness.js"

let harness: IntegrationTestApi
beforeAll(async () => {
  harness = await startIntegrationTestApi()
})
afterAll(() => harness?.close())

const HOSTILE_PARAMS = [
  "0",
  "-1",
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "9".repeat(40),
  "%00",
  "..%2F..%2Fetc",
  "' or 1=1 --",
]
const BODIES: ReadonlyArray<{ readonly label: string; readonly body: string; readonly type: string }> = [
  { label: "malformed JSON", body: "{", type: "application/json" },
  { label: "array", body: "[]", type: "application/json" },
  { label: "string", body: '"x"', type: "application/json" },
  {
    label: "wrong types",
    body: JSON.stringify({ name: 42, email: [], values: "x", entries: {}, portalId: {}, key: 7 }),
    type: "application/json",
  },
  { label: "huge string", body: JSON.stringify({ name: "x".repeat(100_000) }), type: "application/json" },
  { label: "form body", body: "a=1&b=2", type: "application/x-www-form-urlencoded" },
]
const QUERIES = [
  "?limit=-1",
  "?limit=abc&cursor=%%%",
  "?cursor=" + "A".repeat(2000),
  "?search=" + encodeURIComponent("%_\\'"),
]

/** Routes whose success ends the caller's ability to go on; swept last. */
const LAST = new Set(["POST /api/v1/integration/deactivate", "DELETE /api/v1/session"])

it("answers every route's bad input below 500, with problem+json refusals", {
  timeout: 240_000,
}, async () => {
  const { api, mock, drain } = harness
  const { org, standardUser, admin } = await organizationWithClients(api)
  // An associated portal, so the sweep reaches the paths that call Projects too.
  await admin.post("integration/enable")
  const owner = "owner@projects.demo.test"
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const key = (await mock.control.keys(owner)).key ?? ""
  expect((await admin.request("PUT", "integration/portal", { portalId, email: owner, key })).status).toBe(200)
  await drain()
  const tokenFor = (actor: typeof org.adminActor) =>
    api.run(
      Effect.flatMap(ApiTokens, (t) => t.create("bad input sweep")).pipe(
        actingAs({ ...actor, via: "session" }),
        Effect.map((created) => Redacted.value(created.token)),
      ),
    )
  const adminToken = await tokenFor(org.adminActor)
  const standardToken = await tokenFor({
    ...org.adminActor,
    userId: standardUser.id,
    profileId: standardUser.profileId,
    isAdmin: false,
    email: standardUser.email,
    name: standardUser.name,
  })

  const doc = (await (await api.app.request("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  const operations = Object.entries(doc.paths)
    .flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    )
    .filter(({ path }) => path.startsWith("/api/v1/"))
    .sort((a, b) => Number(LAST.has(`${a.method} ${a.path}`)) - Number(LAST.has(`${b.method} ${b.path}`)))
  expect(operations.length).toBeGreaterThan(40)

  const failures: Array<string> = []
  let requests = 0
  for (const token of [standardToken, adminToken]) {
    for (const { method, path } of operations) {
      const concrete = HOSTILE_PARAMS.map((value) => path.replace(/\{[^}]+\}/g, encodeURIComponent(value)))
      const urls = [...new Set(concrete)].flatMap((url, i) =>
        i === 0 ? [url, ...QUERIES.map((q) => url + q)] : [url],
      )
      for (const url of urls) {
        const bodies = method === "GET" || method === "DELETE" ? [undefined] : BODIES
        for (const body of bodies) {
          const response = await api.app.request(url, {
            method,
            headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": body.type } : {}) },
            ...(body ? { body: body.body } : {}),
          })
          requests++
          const text = await response.text()
          if (response.status >= 500) {
            failures.push(`${method} ${url} ${body?.label ?? ""} → ${response.status} ${text.slice(0, 200)}`)
          } else if (
            response.status >= 400 &&
            !(response.headers.get("content-type") ?? "").includes("problem+json")
          ) {
            failures.push(`${method} ${url} ${body?.label ?? ""} → ${response.status} without problem+json`)
          }
        }
      }
    }
  }
  expect(failures).toEqual([])
  expect(requests).toBeGreaterThan(500)
})
