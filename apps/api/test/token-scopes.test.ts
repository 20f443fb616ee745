/**
 * Scoped, expiring, rate-limited API tokens: a read-only token reads and is refused on writes, a token
 * cannot make a wider one, an expired token is refused, and past its per-minute limit a token gets
 * 429 with Retry-After and RateLimit-* headers — a limit administrators set.
 */
import { Database } from "@app/core/persistence"
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { afterAll, beforeAll, expect, it } from "vitest"
import {
  bearer,
  organizationWithClients,
  type SessionClient,
  shiftedClock,
  startTestApi,
  type TestApi,
} from "./api-harness.js"

let api: TestApi
let admin: SessionClient
let standard: SessionClient

// The API's clock, moved by the rate-limit test so its requests fall where it wants in the minute.
let clockOffset = 0

beforeAll(async () => {
  api = await startTestApi({}, { clock: shiftedClock(() => clockOffset) })
  ;({ admin, standard } = await organizationWithClients(api))
})
afterAll(() => api?.close())

const tokenOf = async (client: SessionClient, body: Record<string, unknown>) => {
  const created = await client.post("tokens", body)
  expect(created.status).toBe(201)
  return created.body as { id: string; token: string; scopes: string[]; rateLimitPerMinute: number }
}

it("lets a read-only token read and refuses its writes, naming the missing scope", async () => {
  const readOnly = await tokenOf(admin, { name: "reader", scopes: ["records:read", "projects:read"] })
  expect(readOnly.scopes).toEqual(["records:read", "projects:read"])
  const client = bearer(api, readOnly.token)
  expect((await client.get("accounts")).status).toBe(200)
  const refused = await client.post("accounts", { values: { name: "Not written" } })
  expect(refused.status).toBe(403)
  expect(refused.headers.get("content-type")).toContain("application/problem+json")
  expect(refused.body).toMatchObject({
    title: "Token scope missing",
    detail: expect.stringContaining("records:write"),
  })
  expect((await client.post("projects", { values: { name: "Nope" } })).status).toBe(403)
  expect((await client.get("integration")).status).toBe(403)
  const listed = (await admin.get("accounts?search=Not%20written")).body as { items: unknown[] }
  expect(listed.items).toHaveLength(0)
})

it("shows each token's scopes, expiry and limit on the tokens list", async () => {
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString()
  const made = await tokenOf(standard, { name: "listed", scopes: ["projects:read"], expiresAt })
  const mine = (await standard.get("tokens")).body as {
    items: Array<{ id: string; scopes: string[]; expiresAt: string; rateLimitPerMinute: number }>
  }
  expect(mine.items.find((t) => t.id === made.id)).toMatchObject({
    scopes: ["projects:read"],
    expiresAt,
    rateLimitPerMinute: 600,
  })
})

it("refuses a token that a narrower token tries to make, and an expiry in the past", async () => {
  const narrow = await tokenOf(admin, { name: "narrow", scopes: ["projects:read"] })
  const wider = await bearer(api, narrow.token).post("tokens", { name: "wider", scopes: ["projects:write"] })
  expect(wider.status).toBe(422)
  expect(wider.body).toMatchObject({ errors: [{ field: "scopes" }] })
  const past = await admin.post("tokens", { name: "past", expiresAt: "2001-01-01T00:00:00Z" })
  expect(past.status).toBe(422)
  expect(past.body).toMatchObject({ errors: [{ field: "expiresAt" }] })
})

it("refuses an expired token as expired", async () => {
  const soon = await tokenOf(admin, { name: "soon", expiresAt: new Date(Date.now() + 60_000).toISOString() })
  expect((await bearer(api, soon.token).get("me")).status).toBe(200)
  // The expiry passes: the row's expiresAt moves into the past, as the clock would.
  await api.run(
    Effect.flatMap(Database, (db) =>
      db.execute(
        sql`update crm_api_tokens set expires_at = now() - interval '1 second' where id = ${soon.id}`,
      ),
    ),
  )
  const refused = await bearer(api, soon.token).get("me")
  expect(refused.status).toBe(401)
})

it("answers 429 with Retry-After and RateLimit headers past the limit an administrator set", async () => {
  const limited = await tokenOf(standard, { name: "limited" })
  expect((await standard.patch(`tokens/${limited.id}`, { rateLimitPerMinute: 3 })).status).toBe(403)
  const set = await admin.patch(`tokens/${limited.id}`, { rateLimitPerMinute: 3 })
  expect(set.status).toBe(200)
  expect(set.body).toMatchObject({ rateLimitPerMinute: 3 })
  const client = bearer(api, limited.token)
  // The window is the clock's minute: the requests start one second into a minute, so all four fall
  // in it, however slow the machine is, short of 59 seconds.
  const minute = 60_000
  clockOffset = Math.ceil(Date.now() / minute) * minute + 1_000 - Date.now()
  const answers = []
  for (let i = 0; i < 4; i++) answers.push(await client.get("me"))
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429])
  expect(answers.map((a) => a.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0", "0"])
  const refused = answers[3]
  expect(refused?.headers.get("ratelimit-limit")).toBe("3")
  expect(refused?.headers.get("ratelimit-policy")).toBe("3;w=60")
  const retryAfter = Number(refused?.headers.get("retry-after"))
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(60)
  expect(Number(refused?.headers.get("ratelimit-reset"))).toBe(retryAfter)
  expect(refused?.body).toMatchObject({ status: 429, title: "Rate limit exceeded", retryAfter })
  // The next minute: the token has its whole budget again.
  clockOffset += minute
  const next = await client.get("me")
  expect(next.status).toBe(200)
  expect(next.headers.get("ratelimit-remaining")).toBe("2")
  clockOffset = 0
  // Another token of the same user has its own budget; sessions are not limited by it.
  const other = await tokenOf(standard, { name: "other" })
  expect((await bearer(api, other.token).get("me")).status).toBe(200)
  expect((await standard.get("me")).status).toBe(200)
})

/** Opens the event stream with `headers`: its status and content type; an open stream is closed at once. */
const openStream = async (headers: Record<string, string>) => {
  const hangUp = new AbortController()
  const response = await api.app.request("/api/v1/events/stream", { headers, signal: hangUp.signal })
  const type = response.headers.get("content-type") ?? ""
  if (type.includes("text/event-stream")) {
    hangUp.abort()
    await response.body?.cancel().catch(() => undefined)
  } else await response.text()
  return { status: response.status, type }
}

it("streams events to administrators only: a session, or a token with events:read", async () => {
  const session = (client: SessionClient) => ({ Cookie: client.cookie })
  const token = (value: string) => ({ Authorization: `Bearer ${value}` })
  const adminStreams = await tokenOf(admin, { name: "stream", scopes: ["events:read"] })
  const adminProjects = await tokenOf(admin, { name: "no events", scopes: ["projects:read"] })
  const standardEvents = await tokenOf(standard, { name: "standard events", scopes: ["events:read"] })

  expect(await openStream(session(admin))).toEqual({
    status: 200,
    type: expect.stringContaining("text/event-stream"),
  })
  expect(await openStream(token(adminStreams.token))).toEqual({
    status: 200,
    type: expect.stringContaining("text/event-stream"),
  })
  // An administrator's token without the scope, a Standard user however they come, and no one.
  expect(await openStream(token(adminProjects.token))).toEqual({
    status: 403,
    type: expect.stringContaining("application/problem+json"),
  })
  expect(await openStream(session(standard))).toEqual({
    status: 403,
    type: expect.stringContaining("application/problem+json"),
  })
  expect(await openStream(token(standardEvents.token))).toEqual({
    status: 403,
    type: expect.stringContaining("application/problem+json"),
  })
  expect(await openStream({})).toEqual({
    status: 401,
    type: expect.stringContaining("application/problem+json"),
  })
})
