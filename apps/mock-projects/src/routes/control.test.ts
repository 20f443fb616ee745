import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { ADMIN, EMPLOYEE, MANAGER, OWNER, START, setup } from "../../test/support.js"
import { createMockProjects, type StateSummary, startMockProjects, type TokenInfo } from "../index.js"

let t: Awaited<ReturnType<typeof setup>>
beforeEach(async () => {
  t = await setup()
})
afterEach(() => t.mock.dispose())

const projectNames = async (q = "status=all&per_page=200") =>
  (await t.call("GET", `projects?${q}`, { as: OWNER })).json.map((p: { name: string }) => p.name)

describe("seed, reset, snapshot", () => {
  it("gives the same data for the same seed input and different data for another seed", async () => {
    const dump = async (seed: number) => {
      const m = createMockProjects({ startTime: START })
      const summary = await m.control.seed({
        seed,
        portals: 2,
        users: 4,
        clients: 6,
        clientUsers: 8,
        projects: 30,
        customFields: 5,
      })
      const owner = summary.portals[0]?.owner?.email ?? ""
      const token = (await m.control.tokens(owner)).access_token
      const res = await m.app.request(
        `/api/v3/portal/${summary.portals[0]?.id}/projects?status=all&per_page=200`,
        {
          headers: { authorization: `Zoho-oauthtoken ${token}` },
        },
      )
      const key = (await m.control.keys(owner)).key
      m.dispose()
      return { summary: { ...summary, now: "" }, projects: await res.json(), key }
    }
    const a = await dump(42)
    const b = await dump(42)
    expect(b).toEqual(a)
    expect(a.summary.portals).toHaveLength(2)
    expect(a.projects).toHaveLength(30)
    const c = await dump(43)
    expect(c.projects).not.toEqual(a.projects)
  })

  it("resets to an empty namespace, or back to the start-up seed with reseed", async () => {
    await t.call("POST", "projects", { as: OWNER, body: { name: "Scratch" } })
    await t.control.reset({ reseed: true })
    t.forgetTokens()
    expect(await projectNames()).not.toContain("Scratch")
    expect(await projectNames()).toHaveLength(10)
    await t.control.reset()
    expect((await t.control.state()).portals).toEqual([])
  })

  it("restores a snapshot, undoing later writes", async () => {
    const id = await t.control.snapshot()
    await t.call("POST", "projects", { as: OWNER, body: { name: "After snapshot" } })
    expect(await projectNames()).toContain("After snapshot")
    await t.control.restore(id)
    t.forgetTokens()
    const names = await projectNames()
    expect(names).not.toContain("After snapshot")
    expect(names).toHaveLength(10)
    await expect(t.control.restore("snap_nope")).rejects.toMatchObject({ status: 400 })
  })

  it("answers the readiness probe per namespace", async () => {
    const r = await t.mock.app.request("/__ns/probe/__mock/health")
    expect(await r.json()).toEqual({ status: "ok", namespace: "probe" })
  })

  it("reports portals with owners and counts, and users with roles", async () => {
    const s = await t.control.state()
    expect(s.portals[0]).toMatchObject({
      name: "zylker-demo",
      owner: { email: OWNER },
      counts: { projects: 10, users: 5, client_users: 6, clients: 6, custom_fields: 12 },
    })
    const roles = Object.fromEntries(s.users.map((u) => [u.email, u.portals[0]?.role]))
    expect(roles).toMatchObject({
      [OWNER]: "Administrator",
      [ADMIN]: "Administrator",
      [MANAGER]: "Manager",
      [EMPLOYEE]: "Employee",
    })
  })
})

describe("journal", () => {
  it("records requests with status, portal and write bodies, filterable, and clears", async () => {
    await t.control.clearJournal()
    await t.call("GET", "projects", { as: OWNER })
    await t.call("POST", "projects", { as: OWNER, body: { name: "Journaled" } })
    await t.call("POST", "projects", { as: OWNER, body: {} })
    const all = await t.control.journal()
    expect(all.map((e) => [e.method, e.status])).toEqual([
      ["GET", 200],
      ["POST", 201],
      ["POST", 400],
    ])
    expect(all[1]).toMatchObject({
      type: "request",
      portalId: t.portalId,
      requestBody: { name: "Journaled" },
    })
    expect((await t.control.journal({ method: "POST", status: 400 })).length).toBe(1)
    expect((await t.control.journal({ path: "/api/v3/portal/*/projects" })).length).toBe(3)
    expect((await t.control.journal({ since: all[0]?.seq })).length).toBe(2)
    expect((await t.control.journal({ limit: 1 }))[0]?.status).toBe(400)
    await t.control.clearJournal()
    expect(await t.control.journal()).toEqual([])
  })

  it("never records OAuth secrets", async () => {
    await t.mock.app.request(
      "/oauth/v2/token?grant_type=refresh_token&client_id=a&client_secret=topsecret&refresh_token=rt1",
      {
        method: "POST",
      },
    )
    const [entry] = await t.control.journal({ path: "/oauth/**" })
    expect(JSON.stringify(entry)).not.toContain("topsecret")
    expect(JSON.stringify(entry)).not.toContain("rt1")
  })
})

describe("faults", () => {
  it("answers an injected status by method and path pattern, for a count, then recovers", async () => {
    await t.control.faults.add({
      kind: "status",
      status: 503,
      method: "GET",
      path: "/api/v3/portal/*/projects",
      count: 2,
    })
    expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(503)
    expect((await t.call("GET", "users", { as: OWNER })).status).toBe(200)
    expect((await t.call("POST", "projects", { as: OWNER, body: { name: "Not faulted" } })).status).toBe(201)
    expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(503)
    expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(200)
    const [fault] = await t.control.faults.list()
    expect(fault).toMatchObject({ hits: 2, remaining: 0 })
    const journaled = await t.control.journal({ status: 503 })
    expect(journaled.every((e) => e.fault === fault?.id)).toBe(true)
  })

  it("answers 429 with Retry-After and the throttle title", async () => {
    await t.control.faults.add({ kind: "rate_limit", retry_after: 7, path: "/api/**" })
    const r = await t.call("GET", "projects", { as: OWNER })
    expect([r.status, r.headers.get("retry-after"), r.json.error.title, r.json.error.error_type]).toEqual([
      429,
      "7",
      "URL_ROLLING_THROTTLES_LIMIT_EXCEEDED",
      "THROTTLE_ERROR",
    ])
    await t.control.faults.clear()
    expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(200)
  })

  it("delays a matching request by the injected latency, then answers normally", async () => {
    const fault = await t.control.faults.add({ kind: "latency", latency_ms: 20, path: "**/projects" })
    const r = await t.call("GET", "projects", { as: OWNER })
    expect(r.status).toBe(200)
    expect((await t.control.faults.list())[0]?.hits).toBe(1)
    expect((await t.control.journal({ path: "**/projects" }))[0]?.fault).toBe(fault.id)
  })

  it("fires probabilistic faults in the same pattern for the same fault seed", async () => {
    const run = async () => {
      await t.control.faults.clear()
      await t.control.faults.add({
        kind: "status",
        status: 500,
        probability: 0.5,
        seed: 99,
        path: "**/projects",
      })
      const out: number[] = []
      for (let i = 0; i < 12; i++) out.push((await t.call("GET", "projects", { as: OWNER })).status)
      return out
    }
    const first = await run()
    expect(await run()).toEqual(first)
    expect(first).toContain(500)
    expect(first).toContain(200)
  })

  it("drops the connection without an answer", async () => {
    const handle = await startMockProjects({ demo: true })
    try {
      await handle.control.faults.add({ kind: "drop", path: "/api/v3/portals", count: 1 })
      const token = (await handle.control.tokens(OWNER)).access_token
      const call = () =>
        fetch(`${handle.url}/api/v3/portals`, { headers: { authorization: `Zoho-oauthtoken ${token}` } })
      await expect(call()).rejects.toThrow()
      expect((await call()).status).toBe(200)
      await expect(t.mock.app.request("/api/v3/portals")).resolves.toBeDefined()
    } finally {
      await handle.close()
    }
  })

  it("creates and deletes projects in the portal before each matching list request, then stops", async () => {
    const before = await projectNames()
    const fault = await t.control.faults.add({
      kind: "portal_changes",
      inserts: 2,
      deletes: 1,
      count: 2,
      seed: 4,
    })
    expect(fault).toMatchObject({
      method: "GET",
      path: "/api/v3/portal/*/projects",
      changes: { entity: "projects" },
    })
    const afterOne = await projectNames()
    expect(afterOne).toHaveLength(before.length + 1)
    expect(afterOne.filter((name: string) => !before.includes(name))).toHaveLength(2)
    await projectNames()
    const settled = await projectNames()
    expect(settled).toHaveLength(before.length + 2)
    expect(await projectNames()).toEqual(settled)
    await expect(
      t.control.faults.add({ kind: "portal_changes", entity: "tasks", deletes: 1 } as never),
    ).rejects.toMatchObject({
      status: 400,
      body: { error: { details: [{ field_name: "entity" }] } },
    })
  })

  it("rejects an unknown fault kind naming the field", async () => {
    await expect(t.control.faults.add({ kind: "boom" as "drop" })).rejects.toMatchObject({
      status: 400,
      body: { error: { details: [{ field_name: "kind" }] } },
    })
  })
})

describe("rate limiting", () => {
  it("is off by default, then limits per portal and identity with a lock-out and Retry-After", async () => {
    for (let i = 0; i < 5; i++) expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(200)
    await t.control.rateLimit({ enabled: true, limit: 3, window_s: 120, lockout_s: 600 })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await t.call("GET", "projects", { as: OWNER })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const ok = await t.call("GET", "projects", { as: MANAGER })
    expect(ok.headers.get("x-ratelimit-limit")).toBe("3")
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("2")
    await t.control.clockAdvance(300)
    const locked = await t.call("GET", "projects", { as: OWNER })
    expect([locked.status, locked.headers.get("retry-after")]).toEqual([429, "300"])
    const oauth = await t.mock.app.request("/oauth/v2/token?grant_type=refresh_token", { method: "POST" })
    expect(oauth.status).toBe(200)
    await t.control.clockAdvance(300)
    expect((await t.call("GET", "projects", { as: OWNER })).status).toBe(200)
  })

  it("counts per user, not per token", async () => {
    await t.control.rateLimit({ enabled: true, limit: 2, window_s: 60, lockout_s: 60 })
    for (let i = 0; i < 3; i++) {
      const token = (await t.control.tokens(MANAGER)).access_token
      const r = await t.call("GET", "projects", { headers: { authorization: `Zoho-oauthtoken ${token}` } })
      expect(r.status).toBe(i < 2 ? 200 : 429)
    }
  })
})

describe("clock, checkpoint and diff", () => {
  it("advances the mock clock", async () => {
    const before = Date.parse((await t.control.clock()).now)
    const after = Date.parse((await t.control.clockAdvance(90)).now)
    expect(after - before).toBe(90_000)
  })

  it("returns the entities created, updated and deleted since a checkpoint", async () => {
    const [a, b] = (await t.call("GET", "projects", { as: OWNER })).json
    const cp = await t.control.checkpoint()
    const created = (await t.call("POST", "projects", { as: OWNER, body: { name: "Diffed" } })).json
    await t.call("PATCH", `projects/${created.id}`, { as: OWNER, body: { description: "x" } })
    await t.call("PATCH", `projects/${a.id}`, { as: OWNER, body: { description: "y" } })
    await t.call("POST", `projects/${b.id}/trash`, { as: OWNER })
    const temp = (await t.call("POST", "clients", { as: OWNER, body: { name: "Temp" } })).json
    await t.call("DELETE", `clients/${temp.id}`, { as: OWNER })
    const d = await t.control.diff(cp)
    expect(d.created.map((e) => [e.entity, e.id, e.data?.description])).toEqual([
      ["project", created.id, "x"],
    ])
    expect(d.updated.map((e) => [e.entity, e.id])).toEqual([["project", a.id]])
    expect(d.deleted).toEqual([{ entity: "project", portal_id: t.portalId, id: b.id }])
    const empty = await t.control.diff(await t.control.checkpoint())
    expect([empty.created, empty.updated, empty.deleted]).toEqual([[], [], []])
  })
})

describe("business events", () => {
  it("places a user already present with another role: adding them again is a conflict", async () => {
    const placed = await t.control.event({
      type: "user.already_present",
      portal_id: t.portalId,
      email: "crm.user@demo.test",
      role: "Manager",
    })
    expect(placed).toMatchObject({ email: "crm.user@demo.test", role: { name: "Manager" } })
    const r = await t.call("POST", "users", {
      as: ADMIN,
      body: { email: "crm.user@demo.test", role: "Employee" },
    })
    expect(r.status).toBe(409)
    expect((await t.call("GET", "users/crm.user@demo.test", { as: ADMIN })).json.role.name).toBe("Manager")
  })

  it("hides new projects from lists for N seconds (eventual consistency), not from GET by id", async () => {
    await t.control.event({ type: "projects.list_delay", seconds: 30 })
    const p = (await t.call("POST", "projects", { as: OWNER, body: { name: "Eventually" } })).json
    expect(await projectNames()).not.toContain("Eventually")
    expect((await t.call("GET", `projects/${p.id}`, { as: OWNER })).status).toBe(200)
    await t.control.clockAdvance(30)
    expect(await projectNames()).toContain("Eventually")
  })

  it("revokes a key by event, and changes the portal owner by event", async () => {
    const key = await t.control.keys(ADMIN)
    await t.control.event({ type: "key.revoked", email: ADMIN })
    const r = await t.call("GET", "projects", {
      headers: { "x-zsc-key": key.key ?? "", "x-zsc-email": ADMIN },
    })
    expect([r.status, r.json.error.title]).toEqual([401, "INVALID_KEY"])
    await t.control.event({ type: "portal.ownership_changed", portal_id: t.portalId, email: MANAGER })
    expect((await t.control.state()).portals[0]?.owner?.email).toBe(MANAGER)
  })
})

describe("namespaces", () => {
  it("isolates state per X-Mock-Namespace header and per /__ns/<name> prefix", async () => {
    const ns = { "x-mock-namespace": "file-a" }
    const seeded = await t.mock.app.request("/__mock/seed", {
      method: "POST",
      headers: { ...ns, "content-type": "application/json" },
      body: JSON.stringify({ seed: 5, projects: 3 }),
    })
    expect(seeded.status).toBe(201)
    const stateA = (await (await t.mock.app.request("/__mock/state", { headers: ns })).json()) as StateSummary
    expect(stateA.portals[0]?.counts.projects).toBe(3)
    const viaPrefix = (await (await t.mock.app.request("/__ns/file-a/__mock/state")).json()) as StateSummary
    expect(viaPrefix.portals[0]?.id).toBe(stateA.portals[0]?.id)
    expect((await t.control.state()).portals[0]?.counts.projects).toBe(10)
    const owner = stateA.portals[0]?.owner?.email
    const token = (await (
      await t.mock.app.request("/__ns/file-a/__mock/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: owner }),
      })
    ).json()) as TokenInfo
    expect(token.api_domain).toBe("http://127.0.0.1/__ns/file-a")
    const list = await t.mock.app.request(
      `/__ns/file-a/api/v3/portal/${stateA.portals[0]?.id}/projects?status=all`,
      {
        headers: { authorization: `Zoho-oauthtoken ${token.access_token}` },
      },
    )
    expect(await list.json()).toHaveLength(3)
    const elsewhere = await t.call("GET", "projects", {
      headers: { authorization: `Zoho-oauthtoken ${token.access_token}` },
    })
    expect(elsewhere.status).toBe(401)
  })
})
