/**
 * Outbound events end to end: an endpoint on a local HTTP server that fails its first answers receives
 * every event (project created, updated, deleted, integration status changed, sync finished) once per
 * delivery id with a valid signature, the log keeps every attempt, redelivery keeps the delivery id,
 * and the server-sent event stream carries the same events. Endpoints at internal addresses are
 * refused (SSRF) unless EVENT_ENDPOINTS_ALLOW_PRIVATE names them, as it names this file's receiver.
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { ExternalJobs } from "@app/core/external"
import { IntegrationJobs } from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import { type MockProjectsHandle, startMockProjects } from "@app/mock-projects"
import { Duration, Effect, Layer } from "effect"
import { afterAll, beforeAll, expect, it, vi } from "vitest"
import {
  activateIntegration,
  type SessionClient,
  sharedTestDatabase,
  signIn,
  startIntegrationTestApiOn,
  type TestApi,
} from "./api-harness.js"

// The local receiver below listens on 127.0.0.1: allowed by name, like a developer's receiver.
process.env.EVENT_ENDPOINTS_ALLOW_PRIVATE = "127.0.0.1"

interface Received {
  readonly delivery: string
  readonly eventId: string
  readonly type: string
  readonly signatureValid: boolean
  readonly answered: number
  readonly body: { type: string; data: unknown }
}

let mock: MockProjectsHandle
let shared: Awaited<ReturnType<typeof sharedTestDatabase>>
let api: TestApi
let admin: SessionClient
let receiver: Server
let receiverUrl: string
let secret = ""
let failuresLeft = 0
const received: Array<Received> = []

const signatureOk = (header: string, body: string) => {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]))
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest()
  const given = Buffer.from(parts.v1 ?? "", "hex")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = ""
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8")
    })
    request.on("end", () => {
      // Injected failures: the endpoint answers 500 while failuresLeft > 0.
      const answered = failuresLeft > 0 ? 500 : 200
      if (failuresLeft > 0) failuresLeft--
      received.push({
        delivery: String(request.headers["x-crm-delivery"]),
        eventId: String(request.headers["x-crm-event-id"]),
        type: String(request.headers["x-crm-event"]),
        signatureValid: signatureOk(String(request.headers["x-crm-signature"]), body),
        answered,
        body: JSON.parse(body) as Received["body"],
      })
      response.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "ok" : "boom")
    })
  })
  await new Promise<void>((ready) => receiver.listen(0, "127.0.0.1", ready))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
  mock = await startMockProjects({ port: 0, demo: true })
  shared = await sharedTestDatabase()
  api = await startIntegrationTestApiOn(mock, shared.layer)
  const org = await api.organization()
  admin = await signIn(api, org.admin.email)
}, 120_000)

afterAll(async () => {
  await api?.close()
  await shared?.close()
  await mock?.close()
  await new Promise((done) => receiver?.close(done))
})

/** Runs ready jobs with short retry delays until every delivery of the log is settled. */
const drainFast = () =>
  api.run(
    Effect.gen(function* () {
      const runner = yield* JobRunner
      while ((yield* runner.runOnce) > 0) {
        /* until no job is ready */
      }
    }).pipe(
      Effect.provide(
        Layer.mergeAll(IntegrationJobs, ExternalJobs).pipe(
          Layer.provideMerge(
            JobRunner.layer({ retryBaseDelay: Duration.millis(1), retryMaxDelay: Duration.millis(5) }),
          ),
        ),
      ),
    ),
  )

const deliveries = async (endpointId: string) =>
  (await admin.get(`event-endpoints/${endpointId}/deliveries?limit=200`)).body as {
    items: Array<{
      id: string
      status: string
      event: { id: string; type: string }
      attempts: Array<{ status: number | null; body: string | null }>
    }>
  }

it("refuses endpoints at internal addresses, naming the url, unless allowed by name", async () => {
  for (const url of [
    "http://10.0.0.7/hooks",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]:8080/hooks",
    "http://localhost:9000/hooks",
    "http://0.0.0.0/hooks",
    "http://[::ffff:127.0.0.1]/hooks",
    "http://127.0.0.2/hooks",
  ]) {
    const refused = await admin.post("event-endpoints", { url })
    expect(refused.status, url).toBe(422)
    expect(refused.body).toMatchObject({
      errors: [{ field: "url", message: expect.stringMatching(/public address/) }],
    })
  }
  const allowed = await admin.post("event-endpoints", { url: receiverUrl, eventTypes: ["sync.finished"] })
  expect(allowed.status).toBe(201)
  const id = (allowed.body as { id: string }).id
  const moved = await admin.patch(`event-endpoints/${id}`, { url: "http://192.168.1.20/hooks" })
  expect(moved.status).toBe(422)
  expect(moved.body).toMatchObject({ errors: [{ field: "url" }] })
  expect((await admin.delete(`event-endpoints/${id}`)).status).toBeLessThan(300)
})

it("delivers each event once per delivery id, signed, after the endpoint's failures", {
  timeout: 120_000,
}, async () => {
  const registered = await admin.post("event-endpoints", { url: receiverUrl, description: "local receiver" })
  expect(registered.status).toBe(201)
  expect(registered.headers.get("cache-control")).toContain("no-store")
  const endpoint = registered.body as { id: string; secret: string; eventTypes: string[] }
  secret = endpoint.secret
  expect(endpoint.secret).toMatch(/^whsec_/)
  expect(JSON.stringify((await admin.get("event-endpoints")).body)).not.toContain(endpoint.secret)

  failuresLeft = 3
  await activateIntegration(api, mock, admin, drainFast)
  const created = await admin.post("projects", { values: { name: "Evented project" } })
  expect(created.status).toBe(201)
  const projectId = (created.body as { id: string }).id
  expect(
    (await admin.patch(`projects/${projectId}`, { values: { description: "now described" } })).status,
  ).toBe(200)
  expect((await admin.delete(`projects/${projectId}`)).status).toBe(204)

  await vi.waitFor(
    async () => {
      await drainFast()
      const log = await deliveries(endpoint.id)
      if (log.items.some((d) => d.status !== "delivered")) throw new Error("deliveries still pending")
    },
    { timeout: 60_000, interval: 100 },
  )

  const log = await deliveries(endpoint.id)
  const types = log.items.map((d) => d.event.type)
  for (const type of [
    "integration.status_changed",
    "sync.finished",
    "project.created",
    "project.updated",
    "project.deleted",
  ])
    expect(types).toContain(type)
  // The failures happened and are in the log with the endpoint's answer.
  expect(received.filter((r) => r.answered === 500)).toHaveLength(3)
  expect(
    log.items.flatMap((d) => d.attempts).filter((a) => a.status === 500 && a.body === "boom"),
  ).toHaveLength(3)
  // Every delivery arrived exactly once with a 2xx, every signature was valid.
  const accepted = received.filter((r) => r.answered === 200)
  expect(accepted.every((r) => r.signatureValid)).toBe(true)
  expect(new Set(accepted.map((r) => r.delivery)).size).toBe(accepted.length)
  expect(new Set(accepted.map((r) => r.delivery))).toEqual(new Set(log.items.map((d) => d.id)))
  const updated = accepted.find((r) => r.type === "project.updated")
  expect(updated?.body.data).toMatchObject({
    changedFields: ["values.description"],
    project: { id: projectId },
  })

  // Manual redelivery sends the same delivery id again.
  const again = log.items.find((d) => d.event.type === "project.created")
  expect((await admin.post(`event-deliveries/${again?.id}/redeliver`)).status).toBe(202)
  await drainFast()
  expect(received.filter((r) => r.delivery === again?.id && r.answered === 200)).toHaveLength(2)
})

it("streams the same events to a signed-in console as server-sent events", { timeout: 60_000 }, async () => {
  const abort = new AbortController()
  const response = await api.app.request("/api/v1/events/stream", {
    headers: { Cookie: admin.cookie },
    signal: abort.signal,
  })
  expect(response.status).toBe(200)
  expect(response.headers.get("content-type")).toContain("text/event-stream")
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let text = ""
  const readUntil = async (needle: string) => {
    while (!text.includes(needle)) {
      const chunk = await reader.read()
      if (chunk.done) throw new Error("stream ended")
      text += decoder.decode(chunk.value)
    }
  }
  await readUntil("event: ready")
  const created = await admin.post("projects", { values: { name: "Streamed project" } })
  expect(created.status).toBe(201)
  await readUntil("Streamed project")
  expect(text).toMatch(/event: project\.created\ndata: .*"Streamed project"/)
  abort.abort()
  await reader.cancel().catch(() => undefined)
})
