import { createHash } from "node:crypto"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestApi, type TestApi } from "../../test/api-harness.js"
import { createApp } from "../app.js"

let api: TestApi
let consoleDir: string
beforeAll(async () => {
  api = await startTestApi()
  consoleDir = await mkdtemp(join(tmpdir(), "console-"))
  await writeFile(
    join(consoleDir, "index.html"),
    '<!doctype html><script type="module" src="/assets/app.js"></script>',
  )
})
afterAll(async () => {
  await api.close()
  await rm(consoleDir, { recursive: true, force: true })
})

const directives = (header: string | null) =>
  new Map(
    (header ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? "", values.join(" ")]),
  )

describe("security headers", () => {
  it("serves the console under a Content-Security-Policy allowing only its own scripts, and no framing", async () => {
    const app = createApp(api.runtime, { consoleDir, log: () => undefined })
    const page = await app.request("/setup/marketplace/zoho/projects")
    expect(page.status).toBe(200)
    const csp = directives(page.headers.get("content-security-policy"))
    expect(csp.get("default-src")).toBe("'self'")
    expect(csp.get("script-src")).toBe("'self'")
    expect(csp.get("object-src")).toBe("'none'")
    expect(csp.get("frame-ancestors")).toBe("'none'")
    expect(page.headers.get("x-content-type-options")).toBe("nosniff")
    expect(page.headers.get("x-frame-options")).toBe("SAMEORIGIN")
    expect(page.headers.get("referrer-policy")).toBe("no-referrer")
  })

  it("serves the API docs with no script at all and only the page's own stylesheet, by hash", async () => {
    const page = await api.app.request("/api/docs")
    const html = await page.text()
    const csp = directives(page.headers.get("content-security-policy"))
    expect(csp.get("default-src")).toBe("'none'")
    expect(csp.has("script-src")).toBe(false)
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ""
    expect(style.length).toBeGreaterThan(100)
    expect(csp.get("style-src")).toBe(`'sha256-${createHash("sha256").update(style).digest("base64")}'`)
    expect(html).not.toMatch(/<script|style="/)
  })

  it("sends the same headers with API answers, refusals included", async () => {
    for (const path of ["/api/v1/me", "/api/openapi.json", "/api/v1/nowhere"]) {
      const response = await api.app.request(path)
      expect(directives(response.headers.get("content-security-policy")).get("frame-ancestors")).toBe(
        "'none'",
      )
      expect(response.headers.get("x-content-type-options")).toBe("nosniff")
    }
  })
})
