import { readFileSync } from "node:fs"
import { join } from "node:path"
import { expect, it } from "vitest"

const dir = join(import.meta.dirname, "..")
const quoted = (marker: string) =>
  new RegExp(`<!-- ${marker}:start -->\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\n<!-- ${marker}:end -->`).exec(
    readFileSync(join(dir, "README.md"), "utf8"),
  )?.[1]

it("quotes the example test verbatim, so the README's example is the one that runs", () => {
  expect(quoted("readme-example")).toBe(readFileSync(join(dir, "src/readme.example.test.ts"), "utf8"))
})

it("quotes the tasks and issues example verbatim too", () => {
  expect(quoted("readme-work-example")).toBe(
    readFileSync(join(dir, "src/readme.work-example.test.ts"), "utf8"),
  )
})
