/**
 * "Kept in sync afterwards" (SPEC §4.2) with real sockets both ways: the import subscribes the API's
 * webhook endpoint in the mock portal; a project created, renamed and trashed in the portal reaches the
 * CRM through signed deliveries alone, with no reconcile in between.
 */
import type { AddressInfo } from "node:net"
import { type MockProjectsHandle, startMockProjects } from "@app/mock-projects"
import { serve } from "@hono/node-server"
import { afterAll, beforeAll, expect, it } from "vitest"
import { drainJobs, organizationWithClients, startTestApi, type TestApi } from "./api-harness.js"

const OWNER = "owner@projects.demo.test"
let mock: MockProjectsHandle
let api: TestApi
let close: () => Promise<void>

beforeAll(async () => {
  mock = await startMockProjects({ port: 0, demo: true })
  // The API listens first (its URL goes into the webhook subscription), then gets its app.
  let handler: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 })
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((ready) => {
    const s = serve(
      { fetch: (request) => handler(request), port: 0, hostname: "127.0.0.1" },
      (info: AddressInfo) => ready({ server: s, port: info.port }),
    )
  })
  api = await startTestApi(
    {},
    { projects: { apiUrl: mock.url, accountsUrl: mock.url }, publicUrl: `http://127.0.0.1:${port}` },
  )
  handler = (request) => api.app.fetch(request)
  close = async () => {
    await new Promise<void>((done) => server.close(() => done()))
    await api.close()
    await mock.close()
  }
})
afterAll(() => close?.())

/** Polls `read` until `done` holds (deliveries are asynchronous), for at most `times` × 100 ms. */
const eventually = async <A>(
  read: () => Promise<A>,
  done: (value: A) => boolean,
  times = 100,
): Promise<A> => {
  let value = await read()
  for (let i = 0; i < times && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    value = await read()
  }
  return value
}

it("applies project events the portal signs and sends to the API", { timeout: 60_000 }, async () => {
  const { admin } = await organizationWithClients(api)
  await admin.post("integration/enable")
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const key = (await mock.control.keys(OWNER)).key ?? ""
  await admin.request("PUT", "integration/portal", { portalId, email: OWNER, key })
  await drainJobs(api)

  const portal = (path: string, init: RequestInit = {}) =>
    fetch(`${mock.url}/api/v3/portal/${portalId}${path}`, {
      ...init,
      headers: { "content-type": "application/json", "x-zsc-key": key, "x-zsc-email": OWNER },
    })
  const names = async () =>
    (
      (await admin.get("projects?limit=200&search=Webhook")).body as { items: Array<{ name: string }> }
    ).items.map((p) => p.name)

  const created = (await (
    await portal("/projects", { method: "POST", body: JSON.stringify({ name: "Webhook launch" }) })
  ).json()) as {
    id: string
  }
  expect(await eventually(names, (n) => n.includes("Webhook launch"))).toContain("Webhook launch")

  await portal(`/projects/${created.id}`, {
    method: "PATCH",
    body: JSON.stringify({ name: "Webhook relaunch" }),
  })
  expect(await eventually(names, (n) => n.includes("Webhook relaunch"))).toEqual(["Webhook relaunch"])

  await portal(`/projects/${created.id}/trash`, { method: "POST" })
  expect(await eventually(names, (n) => n.length === 0)).toEqual([])

  const deliveries = await mock.control.journal({ type: "webhook" })
  expect(
    deliveries.filter((d) => d.outcome === "delivered" || (d.status ?? 0) === 200).length,
  ).toBeGreaterThanOrEqual(3)
})
