import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { anonymous, startTestApi, type TestApi } from "../../test/api-harness.js"
import type { ApiEnv } from "../env.js"
import { describe as describeRoute, documentedRoutes, openApiDocument } from "./openapi.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api.close())

interface Document {
  openapi: string
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>
  components: { schemas: Record<string, unknown> }
}

/** `METHOD /path/{param}` of every method-specific route the router holds. */
const registered = (app: { routes: ReadonlyArray<{ method: string; path: string }> }) =>
  new Set(
    app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
  )

const listed = (document: Document) =>
  new Set(
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    ),
  )

describe("OpenAPI document", () => {
  it("lists every route registered in the app, and nothing else", async () => {
    const response = await anonymous(api).get("/api/openapi.json")
    expect(response.status).toBe(200)
    const document = response.body as Document
    expect(document.openapi).toBe("3.1.0")
    expect(listed(document)).toEqual(registered(api.app))
  })

  it("covers the session, tokens, people and CRM routes of SPEC §7", async () => {
    const document = (await anonymous(api).get("/api/openapi.json")).body as Document
    const expected = [
      "POST /api/v1/session",
      "DELETE /api/v1/session",
      "GET /api/v1/me",
      "GET /api/v1/tokens",
      "POST /api/v1/tokens",
      "DELETE /api/v1/tokens/{id}",
      "GET /api/v1/users",
      "POST /api/v1/users",
      "PATCH /api/v1/users/{id}",
      "GET /api/v1/profiles",
      "POST /api/v1/profiles",
      "GET /api/v1/metadata/{module}/fields",
      "POST /api/v1/metadata/{module}/fields",
      "GET /healthz",
      "GET /readyz",
      "GET /api/openapi.json",
      "GET /api/docs",
      ...["deals", "accounts", "contacts"].flatMap((m) => [
        `GET /api/v1/${m}`,
        `POST /api/v1/${m}`,
        `GET /api/v1/${m}/{id}`,
        `PATCH /api/v1/${m}/{id}`,
        `DELETE /api/v1/${m}/{id}`,
      ]),
    ]
    expect([...listed(document)].sort()).toEqual(expect.arrayContaining(expected.sort()))
    expect(document.paths["/api/v1/session"]?.post?.security).toEqual([])
  })

  it("resolves every schema reference it makes", async () => {
    const document = (await anonymous(api).get("/api/openapi.json")).body as Document
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    )
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) expect(Object.keys(document.components.schemas)).toContain(ref)
  })

  it("leaves out a route registered without a description, which the listing check catches", () => {
    const app = new Hono<ApiEnv>()
      .get(
        "/api/v1/described",
        describeRoute({ summary: "ok", tags: ["t"], responses: { 200: { description: "ok" } } }),
        (c) => c.text("ok"),
      )
      .get("/api/v1/forgotten", (c) => c.text("ok"))
    const document = openApiDocument(app, { title: "t", version: "0" }) as unknown as Document
    expect(documentedRoutes(app)).toHaveLength(2)
    expect(listed(document)).not.toEqual(registered(app))
    expect(Object.keys(document.paths)).toEqual(["/api/v1/described"])
  })

  it("serves a self-contained browsable reference", async () => {
    const response = await anonymous(api).get("/api/docs")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/html")
    expect(response.text).toContain("/api/v1/deals/{id}")
    expect(response.text).not.toMatch(/<script|https?:\/\/cdn/i)
  })
})

describe("health", () => {
  it("reports the process up and the database reachable", async () => {
    expect((await anonymous(api).get("/healthz")).body).toEqual({ status: "ok" })
    expect((await anonymous(api).get("/readyz")).body).toEqual({ status: "ok" })
  })
})
