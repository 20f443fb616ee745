import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { OWNER } from "../test/support.js"
import { parseCli } from "./cli.js"
import { makeControlClient } from "./control-client.js"
import { createMockProjects, parseRateLimit } from "./server.js"

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe("CLI options", () => {
  it("reads port, seed, projects, rate limit and state file", () => {
    expect(
      parseCli([
        "--port",
        "4010",
        "--seed",
        "42",
        "--projects",
        "1000",
        "--rate-limit",
        "100/120/1800",
        "--state-file",
        "s.json",
      ]),
    ).toEqual({
      port: 4010,
      host: "127.0.0.1",
      demo: true,
      seed: 42,
      projects: 1000,
      rateLimit: "100/120/1800",
      stateFile: "s.json",
    })
    expect(parseCli(["--no-demo"]).demo).toBe(false)
    expect(() => parseCli(["--port", "abc"])).toThrow(/--port/)
    expect(parseRateLimit("100/120")).toEqual({ limit: 100, window_s: 120, lockout_s: 1800 })
    expect(() => parseRateLimit("fast")).toThrow(/--rate-limit/)
  })
})

describe("start-up rate limit", () => {
  it("applies to every namespace and survives a reset", async () => {
    const m = createMockProjects({ demo: true, rateLimit: "2/60/60" })
    const other = makeControlClient("http://127.0.0.1/__ns/other", m.app.request)
    await m.control.reset({ reseed: true })
    expect(await m.control.state()).toMatchObject({
      rate_limit: { enabled: true, limit: 2, windowS: 60, lockoutS: 60 },
    })
    expect((await other.state()).rate_limit.enabled).toBe(true)
    m.dispose()
  })
})

describe("state file", () => {
  it("keeps the state across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-projects-"))
    dirs.push(dir)
    const stateFile = join(dir, "state.json")
    const first = createMockProjects({ demo: true, stateFile })
    const token = (await first.control.tokens(OWNER)).access_token
    const portalId = (await first.control.state()).portals[0]?.id
    const created = await first.app.request(`/api/v3/portal/${portalId}/projects`, {
      method: "POST",
      headers: { authorization: `Zoho-oauthtoken ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Survives restarts" }),
    })
    expect(created.status).toBe(201)
    const key = (await first.control.keys(OWNER)).key
    first.dispose()
    const second = createMockProjects({ stateFile })
    const res = await second.app.request(`/api/v3/portal/${portalId}/projects?search_term=survives`, {
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    })
    expect(((await res.json()) as Array<{ name: string }>).map((p) => p.name)).toEqual(["Survives restarts"])
    expect((await second.control.keys(OWNER)).key).toBe(key)
    second.dispose()
  })

  it("lists projects edited and deleted after a reload as they are now, not as they were", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-projects-"))
    dirs.push(dir)
    const stateFile = join(dir, "state.json")
    const first = createMockProjects({ demo: true, stateFile })
    first.dispose()
    const second = createMockProjects({ stateFile })
    const token = (await second.control.tokens(OWNER)).access_token
    const portalId = (await second.control.state()).portals[0]?.id
    const auth = { authorization: `Zoho-oauthtoken ${token}`, "content-type": "application/json" }
    const list = async () => {
      const res = await second.app.request(`/api/v3/portal/${portalId}/projects?status=all&per_page=200`, {
        headers: auth,
      })
      return (await res.json()) as Array<{ id: string; name: string }>
    }
    const [edited, deleted] = await list()
    if (edited === undefined || deleted === undefined) throw new Error("demo projects missing")
    const patched = await second.app.request(`/api/v3/portal/${portalId}/projects/${edited.id}`, {
      method: "PATCH",
      headers: auth,
      body: JSON.stringify({ name: "Renamed after reload" }),
    })
    expect(patched.status).toBe(200)
    const trashed = await second.app.request(`/api/v3/portal/${portalId}/projects/${deleted.id}/trash`, {
      method: "POST",
      headers: auth,
    })
    expect(trashed.status).toBe(204)
    const after = await list()
    expect(after.find((p) => p.id === edited.id)?.name).toBe("Renamed after reload")
    expect(after.map((p) => p.id)).not.toContain(deleted.id)
    second.dispose()
  })
})

describe("bin/mock-projects.mjs", () => {
  it("starts, prints the demo users with their keys and a token, and serves the printed URL", async () => {
    const child = spawn(
      process.execPath,
      ["bin/mock-projects.mjs", "--port", "0", "--seed", "7", "--projects", "25"],
      {
        cwd: join(import.meta.dirname, ".."),
        stdio: ["ignore", "pipe", "pipe"],
      },
    )
    try {
      let out = ""
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString()
          if (out.includes("Zoho-oauthtoken")) resolve()
        })
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)))
      })
      expect(out).toContain(OWNER)
      expect(out).toMatch(/ZSC key [0-9a-f]{32}/)
      const url = /on (http:\/\/[^\s]+)/.exec(out)?.[1] ?? ""
      const token = /Zoho-oauthtoken (\S+)/.exec(out)?.[1] ?? ""
      const state = (await (await fetch(`${url}/__mock/state`)).json()) as {
        portals: Array<{ id: string; counts: { projects: number } }>
      }
      expect(state.portals[0]?.counts.projects).toBe(35)
      const res = await fetch(`${url}/api/v3/portal/${state.portals[0]?.id}/projects`, {
        headers: { authorization: `Zoho-oauthtoken ${token}` },
      })
      expect(res.status).toBe(200)
    } finally {
      child.kill("SIGTERM")
    }
  })
})
