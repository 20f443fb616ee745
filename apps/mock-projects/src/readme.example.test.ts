// The example of README.md ("A test, start to finish"), run as a test: README.md must quote this file.
import { afterAll, beforeAll, expect, it } from "vitest"
import { type MockProjectsHandle, startMockProjects } from "./index.js"

let mock: MockProjectsHandle
beforeAll(async () => {
  mock = await startMockProjects({ demo: true })
})
afterAll(() => mock.close())

it("notices a regenerated service key, and sees the project it created", async () => {
  // Isolate this file's state: its own namespace, seeded with the demo data.
  const ns = mock.namespace("readme-example")
  const { portals } = await ns.control.seed({ demo: true })
  const portalId = portals[0]?.id ?? ""
  const { key } = await ns.control.keys("admin@projects.demo.test")
  const headers = {
    "x-zsc-key": key ?? "",
    "x-zsc-email": "admin@projects.demo.test",
    "content-type": "application/json",
  }

  // Code under test creates a project with the key + email credential.
  const cp = await ns.control.checkpoint()
  const created = await fetch(`${ns.url}/api/v3/portal/${portalId}/projects`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Launch", clients: [{ id: "0" }] }),
  })
  expect(created.status).toBe(400)
  const problem = (await created.json()) as { error: { details: Array<{ field_name: string }> } }
  expect(problem.error.details[0]?.field_name).toBe("clients")
  const ok = await fetch(`${ns.url}/api/v3/portal/${portalId}/projects`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Launch" }),
  })
  expect(ok.status).toBe(201)

  // Assert on state, not only on requests.
  const diff = await ns.control.diff(cp)
  expect(diff.created.map((e) => e.data?.name)).toEqual(["Launch"])
  const journal = await ns.control.journal({ method: "POST", path: "/api/v3/portal/*/projects" })
  expect(journal.map((e) => e.status)).toEqual([400, 201])

  // The admin regenerates the key: the old one fails at once with 401 INVALID_KEY.
  await ns.control.regenerateKey("admin@projects.demo.test")
  const refused = await fetch(`${ns.url}/api/v3/portal/${portalId}/projects`, { headers })
  expect(refused.status).toBe(401)
  expect(((await refused.json()) as { error: { title: string } }).error.title).toBe("INVALID_KEY")

  // A flaky network: the next two project lists fail with 503, then it recovers.
  await ns.control.faults.add({ kind: "status", status: 503, path: "**/projects", count: 2 })
  const token = await ns.control.tokens("owner@projects.demo.test")
  const auth = { authorization: `Zoho-oauthtoken ${token.access_token}` }
  const statuses: number[] = []
  for (let i = 0; i < 3; i++)
    statuses.push((await fetch(`${ns.url}/api/v3/portal/${portalId}/projects`, { headers: auth })).status)
  expect(statuses).toEqual([503, 503, 200])

  await ns.control.dropNamespace()
})
