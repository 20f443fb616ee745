// @vitest-environment node
import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import { type ChunkInfo, initialChunks, overBudget } from "./bundle-budget"

// Random bytes do not compress much: their gzip size is about half their hex length.
const noise = (bytes: number) => randomBytes(bytes / 2).toString("hex")
const chunk = (fileName: string, code: string, imports: Array<string> = [], isEntry = false): ChunkInfo => ({
  fileName,
  code,
  imports,
  isEntry,
})

describe("bundle budget", () => {
  it("counts the entry and what it imports statically, not the lazy pages", () => {
    const chunks = [
      chunk("index.js", noise(1000), ["vendor.js"], true),
      chunk("vendor.js", noise(2000), ["shared.js"]),
      chunk("shared.js", noise(500)),
      chunk("projects-page.js", noise(50_000), ["shared.js"]),
    ]
    expect(
      initialChunks(chunks)
        .map((c) => c.fileName)
        .sort(),
    ).toEqual(["index.js", "shared.js", "vendor.js"])
  })

  it("refuses a build whose initial JavaScript is over the budget, naming the chunks", () => {
    const chunks = [chunk("index.js", noise(4000), ["vendor.js"], true), chunk("vendor.js", noise(4000))]
    const total = initialChunks(chunks).reduce((sum, c) => sum + c.gzip, 0)
    expect(total).toBeGreaterThan(3000)
    expect(overBudget(chunks, total - 1)).toMatch(
      /over the [\d.]+ KB budget[\s\S]*index\.js[\s\S]*vendor\.js/,
    )
    expect(overBudget(chunks, total)).toBeUndefined()
  })

  it("measures compressed size: repetitive code under budget passes", () => {
    expect(overBudget([chunk("index.js", "x".repeat(100_000), [], true)], 1024)).toBeUndefined()
  })
})
