import { hc } from "hono/client"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  organizationWithClients,
  type SessionClient,
  startTestApi,
  type TestApi,
} from "../../test/api-harness.js"
import type { ApiRoutes } from "../app.js"

let api: TestApi
let admin: SessionClient
let standard: SessionClient

beforeAll(async () => {
  api = await startTestApi()
  ;({ admin, standard } = await organizationWithClients(api))
})
afterAll(() => api.close())

interface Page {
  readonly items: ReadonlyArray<{
    readonly id: string
    readonly name: string
    readonly values: Record<string, unknown>
  }>
  readonly nextCursor: string | null
}

const count = async (client: SessionClient, module: string) => {
  let total = 0
  let cursor: string | null = null
  do {
    const response = await client.get(
      `${module}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    )
    const page = response.body as Page
    total += page.items.length
    cursor = page.nextCursor
  } while (cursor !== null)
  return total
}

describe("records over HTTP", () => {
  it("refuses a record with a bad value with 422 naming the field, and writes nothing", async () => {
    const before = await count(admin, "accounts")
    const response = await admin.post("accounts", {
      values: { name: "Bad", website: "ftp://nope", percentage: 3 },
    })
    expect(response.status).toBe(422)
    expect(response.headers.get("content-type")).toContain("application/problem+json")
    expect((response.body as { errors: unknown }).errors).toEqual([
      { field: "percentage", message: "is not a field of this module", code: "unknownField" },
      { field: "website", message: "must be an http(s) URL", code: "url" },
    ])
    expect(await count(admin, "accounts")).toBe(before)
  })

  it("refuses U+0000 and unpaired surrogates in a body or a query with 400 naming the field", async () => {
    const before = await count(admin, "accounts")
    const response = await admin.post("accounts", { values: { name: "Acme\u0000 Corp", city: "Lyon\ud800" } })
    expect(response.status).toBe(400)
    expect(response.headers.get("content-type")).toContain("application/problem+json")
    expect(
      (response.body as { errors: ReadonlyArray<{ field: string }> }).errors.map((e) => e.field),
    ).toEqual(["values.city", "values.name"])
    const search = await admin.get("accounts?search=%00acme")
    expect(search.status).toBe(400)
    expect((search.body as { errors: unknown }).errors).toEqual([
      expect.objectContaining({ field: "search", message: expect.stringContaining("U+0000") }),
    ])
    expect(await count(admin, "accounts")).toBe(before)
  })

  it("creates, reads, updates and deletes a record; contacts need an account", async () => {
    const account = await admin.post("accounts", { values: { name: "Acme Corp", employees: 12 } })
    expect(account.status).toBe(201)
    const { id } = account.body as { id: string }
    const contact = await standard.post("contacts", { values: { last_name: "Doe", account: id } })
    expect(contact.status).toBe(201)
    const orphan = await standard.post("contacts", { values: { last_name: "Nobody" } })
    expect((orphan.body as { errors: unknown }).errors).toEqual([
      { field: "account", message: "is required", code: "required" },
    ])
    const patched = await standard.patch(`accounts/${id}`, { values: { employees: 13 } })
    expect((patched.body as { values: Record<string, unknown> }).values).toMatchObject({
      name: "Acme Corp",
      employees: 13,
    })
    expect((await admin.get(`accounts/${id}`)).status).toBe(200)
    expect((await admin.delete(`accounts/${id}`)).status).toBe(204)
    expect((await admin.get(`accounts/${id}`)).status).toBe(404)
    expect((await admin.get(`contacts/${(contact.body as { id: string }).id}`)).status).toBe(404)
  })

  it("walks every record exactly once with the cursor, whatever the sort", async () => {
    const created = new Set<string>()
    for (let i = 0; i < 12; i++) {
      const response = await admin.post("deals", { values: { name: `Deal ${i % 3}`, stage: "Proposal" } })
      created.add((response.body as { id: string }).id)
    }
    for (const sort of ["created", "name"]) {
      const seen: Array<string> = []
      let cursor: string | null = null
      do {
        const query: string = `deals?limit=5&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`
        const page = (await admin.get(query)).body as Page
        seen.push(...page.items.map((item) => item.id))
        cursor = page.nextCursor
      } while (cursor !== null)
      expect(seen.length).toBe(new Set(seen).size)
      expect(new Set(seen)).toEqual(created)
    }
  })

  it("filters by field and searches by name", async () => {
    await admin.post("deals", { values: { name: "Needle deal", stage: "Closed Won" } })
    const won = (await admin.get("deals?filter[stage]=Closed%20Won")).body as Page
    expect(won.items.map((d) => d.name)).toEqual(["Needle deal"])
    const found = (await admin.get("deals?search=needle")).body as Page
    expect(found.items.map((d) => d.name)).toEqual(["Needle deal"])
    const unknown = await admin.get("deals?filter[colour]=red")
    expect(unknown.status).toBe(422)
    expect((unknown.body as { errors: unknown }).errors).toEqual([
      { field: "filter.colour", message: "is not a field of this module", code: "unknownField" },
    ])
  })

  it("validates custom fields an administrator adds; a Standard user may not add one", async () => {
    const refused = await standard.post("metadata/deals/fields", { label: "Region", type: "text" })
    expect(refused.status).toBe(403)
    const created = await admin.post("metadata/deals/fields", {
      label: "Region",
      type: "picklist",
      options: ["EMEA", "APAC"],
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ apiName: "region", custom: true })
    const fields = (await standard.get("metadata/deals/fields")).body as { items: Array<{ apiName: string }> }
    expect(fields.items.map((f) => f.apiName)).toContain("region")
    const bad = await standard.post("deals", { values: { name: "R", stage: "Proposal", region: "Mars" } })
    expect(bad.status).toBe(422)
    expect((bad.body as { errors: unknown }).errors).toEqual([
      { field: "region", message: "must be one of: EMEA, APAC", code: "picklist" },
    ])
    const good = await standard.post("deals", { values: { name: "R", stage: "Proposal", region: "APAC" } })
    expect(good.status).toBe(201)
  })

  it("answers malformed requests with a 4xx problem, never a 500", async () => {
    const notJson = await admin.request("POST", "accounts", undefined, { "Content-Type": "text/plain" })
    expect(notJson.status).toBe(415)
    const broken = await admin.request("POST", "/api/v1/accounts", undefined, {
      "Content-Type": "application/json",
    })
    expect(broken.status).toBe(400)
    const raw = await api.app.request("/api/v1/accounts", {
      method: "POST",
      headers: { Cookie: admin.cookie, "X-CSRF-Token": admin.csrfToken, "Content-Type": "application/json" },
      body: "{not json",
    })
    expect(raw.status).toBe(400)
    expect(await raw.json()).toMatchObject({ errors: [{ field: "body", message: "is not valid JSON" }] })
    const wrongShape = await admin.post("accounts", { values: "nope" })
    expect(wrongShape.status).toBe(400)
    expect((wrongShape.body as { errors: Array<{ field: string }> }).errors[0]?.field).toBe("values")
    expect((await admin.get("accounts/not-an-id")).status).toBe(404)
    expect((await admin.get("metadata/widgets/fields")).status).toBe(404)
    expect((await admin.get("accounts?limit=9999")).status).toBe(400)
    expect((await admin.get("accounts?cursor=abc")).status).toBe(400)
    expect((await admin.get("/api/v1/nothing-here")).status).toBe(404)
  })
})

describe("typed client", () => {
  it("reaches the routes through hc<ApiRoutes> with typed inputs and outputs", async () => {
    const client = hc<ApiRoutes>("http://localhost", {
      fetch: (input: string | URL | Request, init?: RequestInit) => api.app.request(input, init),
      headers: { Cookie: admin.cookie, "X-CSRF-Token": admin.csrfToken },
    })
    const created = await client.api.v1.accounts.$post({ json: { values: { name: "Typed Inc" } } })
    expect(created.status).toBe(201)
    const record = await created.json()
    const read = await client.api.v1.accounts[":id"].$get({ param: { id: record.id } })
    expect((await read.json()).name).toBe("Typed Inc")
    const page = await client.api.v1.accounts.$get({ query: { search: "typed", limit: "10" } })
    expect((await page.json()).items.map((r) => r.name)).toEqual(["Typed Inc"])
  })
})
