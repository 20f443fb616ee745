// The secret scan of the browser tests finds what it is meant to find: a secret the browser sent, or
// one the API showed once, coming back in a later body (plain, gzip or a stream cut short), header or
// log line; and it leaves alone a secret shown once where it is shown and one the URL itself carries.
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { gzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeSecretScan, type RecordingProxy, SCAN_REPORT_PATH, startRecordingProxy } from "./secret-proxy"

const password = "correct-horse-battery-staple"
const token = "crm_shown-once-token-1234"
const portalToken = "portal-access-token-5678"

let upstream: Server
let proxy: RecordingProxy
let portal: RecordingProxy
const scan = makeSecretScan()

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const url = request.url ?? ""
    request.resume()
    request.on("end", () => {
      if (url === "/sign-in") return response.end('{"ok":true}')
      if (url === "/tokens") {
        response.writeHead(201, { "content-type": "application/json", "cache-control": "no-store" })
        return response.end(JSON.stringify({ id: "t1", token }))
      }
      if (url === "/oauth/token") return response.end(JSON.stringify({ access_token: portalToken }))
      if (url === "/leak/body") return response.end(`{"echo":"${password}"}`)
      if (url === "/leak/token") return response.end(`{"again":"${token}"}`)
      if (url === "/leak/header") {
        response.writeHead(200, { "x-debug": portalToken })
        return response.end()
      }
      if (url === "/leak/gzip") {
        response.writeHead(200, { "content-encoding": "gzip" })
        return response.end(gzipSync(`password was ${password}`))
      }
      if (url === "/leak/stream") {
        response.writeHead(200, { "content-type": "text/event-stream" })
        response.write(`data: ${password}\n\n`)
        return // never ends: the browser closes it
      }
      response.end(`{"path":${JSON.stringify(url)}}`)
    })
  })
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))
  const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`
  proxy = await startRecordingProxy({ target, scan, mode: "scan" })
  portal = await startRecordingProxy({ target, scan, mode: "learn" })
})

afterAll(async () => {
  await proxy.close()
  await portal.close()
  await new Promise((resolve) => upstream.close(resolve))
})

const report = async () =>
  (await (await fetch(`${proxy.url}${SCAN_REPORT_PATH}`)).json()) as {
    hits: Array<{ where: string; secretStart: string }>
  }

describe("the secret scan of the browser tests", () => {
  it("finds nothing while secrets only go out, or are shown once where they are shown", async () => {
    await fetch(`${proxy.url}/sign-in`, { method: "POST", body: JSON.stringify({ password }) })
    expect(await (await fetch(`${proxy.url}/tokens`, { method: "POST", body: "{}" })).json()).toEqual({
      id: "t1",
      token,
    })
    await fetch(`${portal.url}/oauth/token`, { method: "POST", body: "grant_type=authorization_code" })
    // A value the request put in its own URL comes back by design.
    await fetch(`${proxy.url}/echo/${password}`)
    expect((await report()).hits).toEqual([])
  })

  it("finds each secret that comes back in a body, a gzip body, a header, a cut stream or a log line", async () => {
    for (const path of ["/leak/body", "/leak/token", "/leak/header", "/leak/gzip"]) {
      await (await fetch(`${proxy.url}${path}`)).arrayBuffer()
    }
    const stream = new AbortController()
    const answer = await fetch(`${proxy.url}/leak/stream`, { signal: stream.signal })
    const reader = answer.body?.getReader()
    await reader?.read()
    stream.abort()
    scan.keep("API log line 1", `{"msg":"refused","token":"${portalToken}"}`)
    // The stream is searched once the proxy sees it closed.
    await expect
      .poll(async () => (await report()).hits.map((hit) => hit.where).sort(), { timeout: 5_000 })
      .toEqual([
        "API log line 1",
        "GET /leak/body body",
        "GET /leak/gzip body",
        "GET /leak/header headers",
        "GET /leak/stream body",
        "GET /leak/token body",
      ])
    expect(JSON.stringify(await report())).not.toContain(password)
  })
})
