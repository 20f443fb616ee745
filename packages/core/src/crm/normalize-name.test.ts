import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { normalizeAccountName } from "./normalize-name.js"

describe("normalizeAccountName", () => {
  it("matches names that differ only by case, width, Unicode form or spacing", () => {
    expect(normalizeAccountName("  ACME\u00a0 Corp ")).toBe("acme corp")
    expect(normalizeAccountName("Ａｃｍｅ Corp")).toBe("acme corp")
    expect(normalizeAccountName("Cafe\u0301 Müller")).toBe(normalizeAccountName("CAFÉ MÜLLER"))
    expect(normalizeAccountName("Straße")).toBe(normalizeAccountName("STRASSE"))
  })

  it("keeps names that differ in letters apart", () => {
    expect(normalizeAccountName("Acme Corp")).not.toBe(normalizeAccountName("Acme Corp."))
  })

  it.prop("is idempotent", [Schema.String], ([name]) => {
    const once = normalizeAccountName(name)
    expect(normalizeAccountName(once)).toBe(once)
  })

  it.prop("never keeps leading, trailing or repeated whitespace", [Schema.String], ([name]) => {
    const normalized = normalizeAccountName(name)
    expect(normalized).toBe(normalized.trim())
    expect(normalized).not.toMatch(/\s\s/u)
  })
})
