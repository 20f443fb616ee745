import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { ADMIN, EMPLOYEE, OWNER, setup } from "../test/support.js"

interface Received {
  headers: Record<string, string | string[] | undefined>
  raw: Buffer
  verified: boolean
  body: {
    id: string
    event: string
    sequence: number
    portal_id: string
    changed_fields: string[]
    data: { project: { id: string; name: string } }
  }
}

const SECRET = "a-very-secret-webhook-key"

/** A receiver that verifies the signature on the raw bytes before parsing, as §8 tells integrators. */
const startReceiver = async (answers: number[] = []) => {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const raw = Buffer.concat(chunks)
      const expected = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`)
      const given = Buffer.from(String(req.headers["x-projects-signature"] ?? ""))
      const verified = given.length === expected.length && timingSafeEqual(given, expected)
      received.push({ headers: req.headers, raw, verified, body: JSON.parse(raw.toString("utf8")) })
      res.statusCode = answers.shift() ?? 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

let t: Awaited<ReturnType<typeof setup>>
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined
beforeEach(async () => {
  t = await setup()
})
afterEach(async () => {
  t.mock.dispose()
  await receiver?.close()
  receiver = undefined
})

const subscribe = async (url: string, events?: string[]) => {
  const r = await t.call("POST", "webhooks", {
    as: OWNER,
    body: { url, secret: SECRET, ...(events ? { events } : {}) },
  })
  expect(r.status).toBe(201)
  return r.json
}

describe("webhook subscriptions", () => {
  it("creates, lists without the secret, updates and deletes subscriptions", async () => {
    const created = await t.call("POST", "webhooks", {
      as: ADMIN,
      body: { url: "https://hooks.example.test/p" },
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      is_active: true,
      events: ["project.created", "project.updated", "project.deleted"],
    })
    expect(created.json.secret).toMatch(/^whsec_/)
    const list = await t.call("GET", "webhooks", { as: ADMIN })
    expect(list.json.webhooks).toHaveLength(1)
    expect(list.json.webhooks[0].secret).toBeUndefined()
    const upd = await t.call("PATCH", `webhooks/${created.json.id}`, {
      as: ADMIN,
      body: { events: ["project.deleted"], is_active: false },
    })
    expect(upd.json).toMatchObject({ events: ["project.deleted"], is_active: false })
    expect((await t.call("GET", `webhooks/${created.json.id}`, { as: ADMIN })).json.webhooks[0].id).toBe(
      created.json.id,
    )
    expect((await t.call("DELETE", `webhooks/${created.json.id}`, { as: ADMIN })).status).toBe(204)
    expect((await t.call("GET", `webhooks/${created.json.id}`, { as: ADMIN })).status).toBe(404)
  })

  it("validates url, events and secret, and is for administrators only", async () => {
    const field = async (body: unknown) =>
      (await t.call("POST", "webhooks", { as: ADMIN, body })).json.error.details[0].field_name
    expect(await field({})).toBe("url")
    expect(await field({ url: "ftp://x.test" })).toBe("url")
    expect(await field({ url: "http://x.test", events: ["milestone.created"] })).toBe("events")
    expect(await field({ url: "http://x.test", secret: "short" })).toBe("secret")
    expect((await t.call("GET", "webhooks", { as: EMPLOYEE })).status).toBe(403)
  })
})

describe("webhook deliveries", () => {
  it("signs each delivery with HMAC-SHA256 of the raw body and sends project events in sequence", async () => {
    receiver = await startReceiver()
    const sub = await subscribe(receiver.url)
    const p = (await t.call("POST", "projects", { as: OWNER, body: { name: "Hooked" } })).json
    await t.call("PATCH", `projects/${p.id}`, { as: OWNER, body: { description: "changed" } })
    await t.call("POST", `projects/${p.id}/trash`, { as: OWNER })
    await t.control.flushWebhooks()
    const got = receiver.received
    expect(got.map((r) => r.verified)).toEqual([true, true, true])
    expect(got.map((r) => r.body.event)).toEqual(["project.created", "project.updated", "project.deleted"])
    const seqs = got.map((r) => r.body.sequence)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(got.map((r) => r.body.id)).size).toBe(3)
    expect(got[1]?.body.changed_fields).toEqual(["description"])
    expect(got[2]?.body.data.project).toMatchObject({ id: p.id, name: "Hooked" })
    expect(got[0]?.headers["x-projects-event"]).toBe("project.created")
    expect(got[0]?.headers["x-projects-delivery"]).toBe(got[0]?.body.id)
    expect(got[0]?.headers["x-projects-webhook-id"]).toBe(sub.id)
    const tampered = Buffer.from(got[0]?.raw.toString("utf8").replace("Hooked", "Hacked") ?? "")
    const sig = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(tampered).digest("hex")}`)
    expect(sig.equals(Buffer.from(String(got[0]?.headers["x-projects-signature"])))).toBe(false)
    expect(JSON.stringify(await t.control.journal())).not.toContain(SECRET)
    const journal = await t.control.journal({ type: "webhook" })
    expect(journal.map((e) => [e.event, e.attempt, e.outcome, e.status])).toEqual([
      ["project.created", 1, "delivered", 200],
      ["project.updated", 1, "delivered", 200],
      ["project.deleted", 1, "delivered", 200],
    ])
  })

  it("sends only the subscribed events", async () => {
    receiver = await startReceiver()
    await subscribe(receiver.url, ["project.deleted"])
    const p = (await t.call("POST", "projects", { as: OWNER, body: { name: "Quiet" } })).json
    await t.call("DELETE", `projects/${p.id}`, { as: OWNER })
    await t.control.flushWebhooks()
    expect(receiver.received.map((r) => r.body.event)).toEqual(["project.deleted"])
  })

  it("retries failed deliveries after 10 s and 1 min of mock clock, journaling every attempt", async () => {
    receiver = await startReceiver([500, 503])
    await subscribe(receiver.url)
    await t.call("POST", "projects", { as: OWNER, body: { name: "Flaky" } })
    await t.control.flushWebhooks()
    expect(receiver.received).toHaveLength(1)
    await t.control.clockAdvance(9)
    expect(receiver.received).toHaveLength(1)
    await t.control.clockAdvance(1)
    expect(receiver.received).toHaveLength(2)
    await t.control.clockAdvance(60)
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((r) => r.body.id)).size).toBe(1)
    const journal = await t.control.journal({ type: "webhook" })
    expect(journal.map((e) => [e.attempt, e.status, e.outcome])).toEqual([
      [1, 500, "retry"],
      [2, 503, "retry"],
      [3, 200, "delivered"],
    ])
  })

  it("drops a delivery after the 30-minute retry fails", async () => {
    receiver = await startReceiver([500, 500, 500, 500, 500])
    await subscribe(receiver.url)
    await t.call("POST", "projects", { as: OWNER, body: { name: "Doomed" } })
    await t.control.flushWebhooks()
    for (const s of [10, 60, 300, 1800, 3600]) await t.control.clockAdvance(s)
    const journal = await t.control.journal({ type: "webhook" })
    expect(journal.map((e) => e.outcome)).toEqual(["retry", "retry", "retry", "retry", "dropped"])
    expect(receiver.received).toHaveLength(5)
  })

  it("counts an unreachable receiver as a failed attempt", async () => {
    await subscribe("http://127.0.0.1:9/unreachable")
    await t.call("POST", "projects", { as: OWNER, body: { name: "Nowhere" } })
    await t.control.flushWebhooks()
    const [entry] = await t.control.journal({ type: "webhook" })
    expect(entry).toMatchObject({ attempt: 1, outcome: "retry" })
    expect(entry?.status).toBeUndefined()
    expect(entry?.error).toBeDefined()
  })

  it("delivers each event twice on the duplicate event, and newest first on the out-of-order event", async () => {
    receiver = await startReceiver()
    await subscribe(receiver.url)
    await t.control.event({ type: "webhooks.duplicate", enabled: true })
    await t.call("POST", "projects", { as: OWNER, body: { name: "Twice" } })
    await t.control.flushWebhooks()
    expect(receiver.received.map((r) => r.body.id)).toEqual([
      receiver.received[0]?.body.id,
      receiver.received[0]?.body.id,
    ])
    await t.control.event({ type: "webhooks.duplicate", enabled: false })
    await t.control.event({ type: "webhooks.out_of_order", enabled: true })
    const p = (await t.call("POST", "projects", { as: OWNER, body: { name: "Shuffled" } })).json
    await t.call("PATCH", `projects/${p.id}`, { as: OWNER, body: { description: "2" } })
    expect(receiver.received).toHaveLength(2)
    const flushed = await t.control.flushWebhooks()
    expect(flushed.released).toBe(2)
    const late = receiver.received.slice(2).map((r) => r.body.sequence)
    expect(late).toHaveLength(2)
    expect(late[0]).toBeGreaterThan(late[1] ?? Number.POSITIVE_INFINITY)
    await t.call("PATCH", `projects/${p.id}`, { as: OWNER, body: { description: "3" } })
    await t.call("PATCH", `projects/${p.id}`, { as: OWNER, body: { description: "4" } })
    await t.control.clockAdvance(1)
    const third = receiver.received.slice(4).map((r) => r.body.sequence)
    expect(third).toEqual([...third].sort((a, b) => b - a))
    expect(third).toHaveLength(2)
  })
})
