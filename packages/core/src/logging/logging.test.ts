import { Effect, LogLevel } from "effect"
import { describe, expect, it } from "vitest"
import { atLeast, batchedSink, type LogEntry, loggingLayer, redact } from "./index.js"

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

describe("loggingLayer", () => {
  it("writes core's log calls as redacted entries, with their annotations, from the configured level up", () => {
    const entries: Array<LogEntry> = []
    Effect.gen(function* () {
      yield* Effect.logDebug("too detailed")
      yield* Effect.logWarning("token refused: Bearer crm_abcdefghijklmnopqrstuvwxyz0123").pipe(
        Effect.annotateLogs({ portalId: "p1", serviceKey: "abc123" }),
      )
    }).pipe(
      Effect.provide(loggingLayer({ level: LogLevel.Info, sink: (entry) => entries.push(entry) })),
      Effect.runSync,
    )
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ level: "warn", portalId: "p1", serviceKey: "[REDACTED]" })
    expect(JSON.stringify(entries)).not.toContain("abcdefghijklmnopqrstuvwxyz0123")
  })
})

describe("atLeast", () => {
  it("drops HTTP entries below LOG_LEVEL, as core's logger does", () => {
    const entries: Array<LogEntry> = []
    const sink = atLeast(LogLevel.Warning, (entry) => entries.push(entry))
    sink({ level: "info", msg: "request" })
    sink({ level: "error", msg: "request failed" })
    expect(entries.map((entry) => entry.msg)).toEqual(["request failed"])
  })
})
