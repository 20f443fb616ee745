// The example of README.md ("Tasks and issues, start to finish"), run as a test: README.md quotes this file.
import { afterAll, beforeAll, expect, it } from "vitest"
import { type MockProjectsHandle, startMockProjects } from "./index.js"

let mock: MockProjectsHandle
beforeAll(async () => {
  mock = await startMockProjects({ demo: true })
})
afterAll(() => mock.close())

it("follows a task from creation to its time log and a webhook", async () => {
  const ns = mock.namespace("readme-work")
  const { portals } = await ns.control.seed({ demo: true })
  const portal = `${ns.url}/api/v3/portal/${portals[0]?.id}`
  const { access_token } = await ns.control.tokens("manager@projects.demo.test")
  const headers = { authorization: `Zoho-oauthtoken ${access_token}`, "content-type": "application/json" }
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${portal}/${path}`, { method, headers, body: JSON.stringify(body) })
    return { status: res.status, json: (await res.json()) as Record<string, unknown> }
  }

  // The demo portal already has work: "Website redesign" has tasks, a milestone and issues.
  const [website] = (await (
    await fetch(`${portal}/projects?search_term=website`, { headers })
  ).json()) as Array<{
    id: string
    tasks: { open_count: number }
  }>
  const project = `projects/${website?.id}`
  const open = website?.tasks.open_count ?? 0

  // Subscribe to task events, then create a task and log time on it.
  const received: unknown[] = []
  const { createServer } = await import("node:http")
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => {
      body += chunk
    })
    req.on("end", () => {
      received.push(JSON.parse(body))
      res.end()
    })
  }).listen(0)
  const hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
  const admin = await ns.control.tokens("admin@projects.demo.test")
  await fetch(`${portal}/webhooks`, {
    method: "POST",
    headers: { ...headers, authorization: `Zoho-oauthtoken ${admin.access_token}` },
    body: JSON.stringify({ url: hookUrl, events: ["task.created"] }),
  })
  const task = await call("POST", `${project}/tasks`, { name: "Accessibility audit", priority: "high" })
  expect(task.status).toBe(201)
  const log = await call("POST", `${project}/tasks/${task.json.id}/logs`, {
    date: "2026-02-02",
    hours: "01:30",
  })
  expect(log.json).toMatchObject({ hours: "01:30", bill_status: "billable" })

  // The project's counts follow, and the legacy path sees the same task.
  const after = await call("GET", project)
  expect(after.json.tasks).toMatchObject({ open_count: open + 1 })
  const legacy = await fetch(`${ns.url}/restapi/portal/${portals[0]?.id}/${project}/tasks/${task.json.id}/`, {
    headers,
  })
  expect(((await legacy.json()) as { name: string }).name).toBe("Accessibility audit")

  // The webhook arrives once the server sends due deliveries.
  await ns.control.flushWebhooks()
  expect(received).toEqual([expect.objectContaining({ event: "task.created" })])
  server.close()
  await ns.control.dropNamespace()
})
