import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "vitest"
import { guardedLookup, isPrivateAddress, PRIVATE, refuseHost } from "./endpoint-addresses.js"

const none = { allowPrivate: [] }

describe("event endpoint addresses", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "[::1]",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "not an address",
  ])("refuses %s", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true)
  })

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "accepts the public address %s",
    (ip) => {
      expect(isPrivateAddress(ip)).toBe(false)
    },
  )

  it("refuses a host whose name resolves inside, or that does not resolve; accepts one resolving outside", async () => {
    const dns = async (host: string) =>
      ({ "hooks.example.com": ["93.184.216.34"], "rebind.example.com": ["93.184.216.34", "10.0.0.7"] })[
        host
      ] ?? Promise.reject(new Error("ENOTFOUND"))
    expect(await refuseHost(none, "hooks.example.com", dns)).toBeUndefined()
    expect(await refuseHost(none, "rebind.example.com", dns)).toBe(PRIVATE)
    expect(await refuseHost(none, "nowhere.example.com", dns)).toBe("a host name that resolves")
    expect(await refuseHost(none, "localhost", dns)).toBe(PRIVATE)
    expect(await refuseHost(none, "api.localhost", dns)).toBe(PRIVATE)
    expect(await refuseHost(none, "[::1]", dns)).toBe(PRIVATE)
    expect(await refuseHost(none, "169.254.169.254", dns)).toBe(PRIVATE)
  })

  it("lets the configured hosts through, and only those", async () => {
    const local = { allowPrivate: ["127.0.0.1", "localhost"] }
    expect(await refuseHost(local, "127.0.0.1")).toBeUndefined()
    expect(await refuseHost(local, "LOCALHOST")).toBeUndefined()
    expect(await refuseHost(local, "10.0.0.1")).toBe(PRIVATE)
    expect(await refuseHost({ allowPrivate: ["*"] }, "10.0.0.1")).toBeUndefined()
  })

  it("refuses, when connecting, a name that resolves to an internal address", async () => {
    const server = createServer((_, response) => response.end("reached"))
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready))
    const port = (server.address() as AddressInfo).port
    const { request } = await import("node:http")
    const get = (allowPrivate: ReadonlyArray<string>) =>
      new Promise<string>((done) => {
        const outgoing = request(
          { host: "localhost", port, family: 4, lookup: guardedLookup({ allowPrivate }) },
          (answer) => {
            answer.resume()
            answer.on("end", () => done(`answered ${answer.statusCode}`))
          },
        )
        outgoing.on("error", (error: NodeJS.ErrnoException) => done(`refused ${error.code}`))
        outgoing.end()
      })
    try {
      expect(await get([])).toBe("refused EADDRNOTALLOWED")
      expect(await get(["localhost"])).toBe("answered 200")
    } finally {
      await new Promise((done) => server.close(done))
    }
  })
})
