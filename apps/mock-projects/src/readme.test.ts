import { readFileSync } from "node:fs"
import { join } from "node:path"
import { expect, it } from "vitest"

it("quotes the example test verbatim, so the README's example is the one that runs", () => {
  const dir = join(import.meta.dirname, "..")
  const readme = readFileSync(join(dir, "README.md"), "utf8")
  const example = readFileSync(join(dir, "src/readme.example.test.ts"), "utf8")
  const block = /<!-- readme-example:start -->\n```ts\n([\s\S]*?)```\n<!-- readme-example:end -->/.exec(
    readme,
  )?.[1]
  expect(block).toBe(example)
})
