import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ADMIN, setup } from "../../test/support.js"

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
})
afterAll(() => t.mock.dispose())

const BODIES: unknown[] = [
  "[]",
  '"text"',
  "42",
  "null",
  "{",
  { name: {} },
  { name: [] },
  { name: "ok", owner: {} },
  { name: "ok2", owner: { zpuid: 12.5 } },
  { name: "ok3", status: [] },
  { name: "ok4", start_date: 20260101 },
  { name: "ok5", clients: "acme" },
  { name: "ok6", clients: [null] },
  { name: "ok7", custom_fields: [1] },
  { name: "ok8", projects_cf_0001: { nested: true } },
  { name: "ok9", layout: { id: null } },
  { email: 5 },
  { email: "a@b.test", role: 7 },
  { email: "c@d.test", project_ids: [{}] },
  { client_id: {} },
  { user_id: [] },
  { url: 5 },
  { url: "http://x.test", events: "all" },
  { is_active: "maybe" },
  { enabled: "yes", limit: -1 },
  { kind: "status", status: 999 },
  { seconds: "ten" },
  { seed: -1 },
  { type: "nope" },
]

describe("bad input", () => {
  it("answers every malformed body on every write route with a 4xx naming the problem, never a 5xx", async () => {
    const projects = (await t.call("GET", "projects", { as: ADMIN })).json
    const clients = (await t.call("GET", "clients", { as: ADMIN })).json.clients
    const pid = projects[0].id
    const cid = clients[0].id
    const user = (await t.call("GET", "users", { as: ADMIN })).json.users[1].id
    const routes: Array<[string, string]> = [
      ["POST", "/api/v3/portals"],
      ["POST", "projects"],
      ["PATCH", `projects/${pid}`],
      ["PUT", `projects/${pid}`],
      ["POST", `projects/${pid}/users`],
      ["POST", `projects/${pid}/clients`],
      ["POST", "users"],
      ["PATCH", `users/${user}`],
      ["POST", "clients"],
      ["PATCH", `clients/${cid}`],
      ["POST", `clients/${cid}/users`],
      ["POST", "groups"],
      ["POST", "webhooks"],
      ["POST", "/__mock/seed"],
      ["POST", "/__mock/faults"],
      ["POST", "/__mock/rate-limit"],
      ["POST", "/__mock/clock/advance"],
      ["POST", "/__mock/tokens"],
      ["POST", "/__mock/events"],
      ["POST", "/__mock/restore"],
    ]
    const failures: string[] = []
    for (const [method, path] of routes)
      for (const body of BODIES) {
        const r = await t.call(method, path, {
          as: ADMIN,
          body: typeof body === "string" ? body : JSON.stringify(body),
        })
        if (r.status >= 500 || (r.status >= 400 && typeof r.json?.error?.title !== "string"))
          failures.push(`${method} ${path} ${JSON.stringify(body)} → ${r.status} ${r.text.slice(0, 120)}`)
      }
    expect(failures).toEqual([])
  })
})
