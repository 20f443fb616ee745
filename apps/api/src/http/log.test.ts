import { describe, expect, it } from "vitest"
import { batchedSink, redact } from "./log.js"

describe("redact", () => {
  it("hides values under secret-looking keys, at any depth", () => {
    expect(
      redact({
        Authorization: "Bearer abc",
        nested: { password: "hunter2", apiKey: "k", list: [{ cookie: "crm_session=x" }] },
        path: "/api/v1/me",
      }),
    ).toEqual({
      Authorization: "[REDACTED]",
      nested: { password: "[REDACTED]", apiKey: "[REDACTED]", list: [{ cookie: "[REDACTED]" }] },
      path: "/api/v1/me",
    })
  })

  it("hides bearer tokens, API tokens and URL credentials inside free text", () => {
    const text = redact(
      "failed: Bearer crm_abcdefghijklmnopqrstuvwxyz0123 at postgres://app:s3cret@db:5432/x and crm_ZYXWVUTSRQPONMLKJIHGFEDCBA",
    )
    expect(text).not.toContain("abcdefghijklmnopqrstuvwxyz0123")
    expect(text).not.toContain("s3cret")
    expect(text).not.toContain("ZYXWVUTSRQPONMLKJIHGFEDCBA")
    expect(text).not.toContain("aGFzaA")
    expect(text).toContain("[REDACTED]")
  })
})

describe("batchedSink", () => {
  it("writes the lines of one turn of the event loop at once, in order, one JSON object a line", async () => {
    const writes: Array<string> = []
    const { sink } = batchedSink((text) => writes.push(text))
    sink({ msg: "first" })
    sink({ msg: "second" })
    expect(writes).toEqual([])
    await new Promise((turn) => setImmediate(turn))
    sink({ msg: "third" })
    await new Promise((turn) => setImmediate(turn))
    expect(writes).toHaveLength(2)
    const lines = writes
      .join("")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { msg: string })
    expect(lines.map((line) => line.msg)).toEqual(["first", "second", "third"])
  })

  it("writes what is pending when flushed, as at the process's exit", () => {
    const writes: Array<string> = []
    const { sink, flush } = batchedSink((text) => writes.push(text))
    sink({ msg: "last words" })
    flush()
    expect(writes.join("")).toContain("last words")
  })
})
