import { describe, expect, it } from "vitest"
import { redact } from "./log.js"

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
