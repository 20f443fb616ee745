/**
 * The client package against a running API (a real HTTP server on an ephemeral port): typed routes,
 * pagination, problem+json as ApiError, an idempotency key kept across a retry so a write whose answer
 * was lost is done once, and the event signature format the API signs with.
 */
import type { AddressInfo } from "node:net"
import { organizationWithClients, startTestApi, type TestApi } from "@app/api/testing"
import { signEvent } from "@app/core/external"
import { serve } from "@hono/node-server"
import { Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ApiError, collect, createClient, done, ok, verifyEventSignature } from "../src/index.js"

let api: TestApi
let server: ReturnType<typeof serve>
let baseUrl: string
let token: string
let readOnlyToken: string

beforeAll(async () => {
  api = await startTestApi()
  server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" })
  await new Promise<void>((ready) => server.once("listening", () => ready()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const { admin } = await organizationWithClients(api)
  token = ((await admin.post("tokens", { name: "client tests" })).body as { token: string }).token
  readOnlyToken = (
    (await admin.post("tokens", { name: "reader", scopes: ["records:read"] })).body as { token: string }
  ).token
})

afterAll(async () => {
  await new Promise((closed) => server?.close(closed))
  await api?.close()
})

describe("createClient", () => {
  it("creates and pages through records with the API's own route types", async () => {
    const client = createClient({ baseUrl, token })
    const names = ["Paged A", "Paged B", "Paged C", "Paged D", "Paged E"]
    for (const name of names) await ok(await client.accounts.$post({ json: { values: { name } } }))
    const all = await collect(async (cursor) =>
      ok(
        await client.accounts.$get({ query: { search: "Paged", limit: "2", ...(cursor ? { cursor } : {}) } }),
      ),
    )
    expect(all.map((a) => a.name).sort()).toEqual(names)
  })

  it("turns a refusal into an ApiError naming the field or the missing scope", async () => {
    const client = createClient({ baseUrl, token })
    const invalid = await ok(await client.accounts.$post({ json: { values: { name: "" } } })).catch((e) => e)
    expect(invalid).toBeInstanceOf(ApiError)
    expect((invalid as ApiError).status).toBe(422)
    expect((invalid as ApiError).fieldError("name")).toBeTruthy()

    const reader = createClient({ baseUrl, token: readOnlyToken })
    const refused = await done(await reader.accounts.$post({ json: { values: { name: "Refused" } } })).catch(
      (e) => e,
    )
    expect(refused).toBeInstanceOf(ApiError)
    expect((refused as ApiError).problem).toMatchObject({ status: 403, title: "Token scope missing" })
    expect((refused as ApiError).problem.type).toMatch(/^\/api\/docs#problem-/)
  })

  it("retries a write whose answer was lost with the same key: the API does it once", async () => {
    const sent: Array<string | null> = []
    let dropped = false
    // The first answer is lost on the way back, after the server did the work.
    const lossy: typeof fetch = async (input, init) => {
      sent.push(new Headers(init?.headers).get("Idempotency-Key"))
      const response = await fetch(input, init)
      if (!dropped) {
        dropped = true
        await response.body?.cancel()
        throw new TypeError("fetch failed: socket hang up")
      }
      return response
    }
    const client = createClient({ baseUrl, token, fetch: lossy, retryDelayMs: 1 })
    const created = await ok(await client.accounts.$post({ json: { values: { name: "Once only" } } }))
    expect(sent).toHaveLength(2)
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(sent[1]).toBe(sent[0])
    const listed = await ok(
      await createClient({ baseUrl, token }).accounts.$get({ query: { search: "Once only" } }),
    )
    expect(listed.items.map((a) => a.id)).toEqual([created.id])
  })

  it("sends no idempotency key on reads", async () => {
    const seen: Array<string | null> = []
    const spy: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get("Idempotency-Key"))
      return fetch(input, init)
    }
    await ok(await createClient({ baseUrl, token, fetch: spy }).me.$get())
    expect(seen).toEqual([null])
  })
})

describe("verifyEventSignature", () => {
  const secret = "whsec_test-secret"
  const body = JSON.stringify({ id: "e1", type: "project.created", data: { project: { name: "Ünïcode ✓" } } })
  const now = Date.UTC(2026, 11, 1, 3, 0, 0)
  const t = Math.floor(now / 1000)

  it("accepts what the API signs", async () => {
    expect(
      await verifyEventSignature({ secret, header: signEvent(Redacted.make(secret), t, body), body, now }),
    ).toBe(true)
  })

  it("refuses another body, another secret, an old timestamp and a malformed header", async () => {
    const header = signEvent(Redacted.make(secret), t, body)
    expect(await verifyEventSignature({ secret, header, body: `${body} `, now })).toBe(false)
    expect(await verifyEventSignature({ secret: "whsec_other", header, body, now })).toBe(false)
    expect(await verifyEventSignature({ secret, header, body, now: now + 301_000 })).toBe(false)
    expect(await verifyEventSignature({ secret, header: "t=abc,v1=zz", body, now })).toBe(false)
    expect(await verifyEventSignature({ secret, header: undefined, body, now })).toBe(false)
  })
})
