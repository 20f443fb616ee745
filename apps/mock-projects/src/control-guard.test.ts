import { request } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { START } from "../test/support.js"
import { createMockProjects, startMockProjects } from "./index.js"

let mock: ReturnType<typeof createMockProjects>
beforeAll(() => {
  mock = createMockProjects({ demo: true, startTime: START })
})
afterAll(() => mock.dispose())

const post = (
  path: string,
  body: string,
  headers: Record<string, string> = {},
  origin = "http://127.0.0.1",
) => mock.app.fetch(new Request(`${origin}${path}`, { method: "POST", headers, body }))

const json = { "content-type": "application/json" }

/** A request over TCP naming its own Host header, as a DNS-rebinding page's request would. */
const statusWithHost = (port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/__mock/health", headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.once("error", reject)
    req.end()
  })

describe("the control API's protection", () => {
  it("answers only on loopback names: a page reaching it under its own name (DNS rebinding) is refused", async () => {
    for (const origin of [
      "http://127.0.0.1:4010",
      "http://localhost:4010",
      "http://[::1]:4010",
      "http://app.localhost",
    ]) {
      const ok = await mock.app.fetch(new Request(`${origin}/__mock/health`))
      expect(ok.status, origin).toBe(200)
    }
    const owner = (await mock.control.state()).portals[0]?.owner?.email ?? ""
    for (const origin of [
      "http://attacker.example",
      "http://192.168.1.20:4010",
      "http://127.0.0.1.attacker.example",
    ]) {
      const keys = await mock.app.fetch(new Request(`${origin}/__mock/keys/${encodeURIComponent(owner)}`))
      expect(keys.status, origin).toBe(403)
      expect(await keys.text()).not.toMatch(/"key"\s*:/)
      const reset = await post("/__mock/reset", "{}", json, origin)
      expect(reset.status, origin).toBe(403)
    }
    expect((await mock.control.state()).portals).toHaveLength(1)
  })

  it("answers a configured host name besides loopback", async () => {
    const named = await startMockProjects({ port: 0, allowedHosts: ["mock.internal"] })
    try {
      expect(await statusWithHost(named.port, "mock.internal")).toBe(200)
      expect(await statusWithHost(named.port, "other.internal")).toBe(403)
    } finally {
      await named.close()
    }
  })

  it("refuses writes that are not application/json, as a cross-site form or simple fetch would send", async () => {
    const before = await mock.control.state()
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const reset = await post("/__mock/reset", "{}", { "content-type": type })
      expect(reset.status, type).toBe(415)
      expect(((await reset.json()) as { error: { title: string } }).error.title).toBe(
        "UNSUPPORTED_MEDIA_TYPE",
      )
    }
    const bare = await mock.app.fetch(
      new Request("http://127.0.0.1/__mock/keys/x%40y.test/regenerate", { method: "POST" }),
    )
    expect(bare.status).toBe(415)
    expect(await mock.control.state()).toEqual(before)
  })

  it("caps control bodies and seed sizes", async () => {
    const big = await post("/__mock/faults", JSON.stringify({ path: "x".repeat(70_000) }), json)
    expect(big.status).toBe(413)
    const huge = await post("/__mock/seed", JSON.stringify({ projects: 2_000_000 }), json)
    expect(huge.status).toBe(400)
    expect(
      ((await huge.json()) as { error: { details: Array<{ field_name: string }> } }).error.details[0]
        ?.field_name,
    ).toBe("projects")
  })

  it("refuses a clock advance of 1e30 ms with 400 and keeps the namespace working", async () => {
    const before = (await (await mock.app.request("/__mock/clock")).json()) as { offset_ms: number }
    for (const body of [{ ms: 1e30 }, { seconds: 1e30 }, { seconds: -1 }, { ms: 4e12 }]) {
      const refused = await post("/__mock/clock/advance", JSON.stringify(body), json)
      expect(refused.status, JSON.stringify(body)).toBe(400)
    }
    const clock = await mock.app.request("/__mock/clock")
    expect(clock.status).toBe(200)
    expect(((await clock.json()) as { offset_ms: number }).offset_ms).toBe(before.offset_ms)
    expect((await mock.control.clockAdvance(60)).offset_ms).toBe(before.offset_ms + 60_000)
    expect((await mock.app.request("/__mock/state")).status).toBe(200)
  })
})
