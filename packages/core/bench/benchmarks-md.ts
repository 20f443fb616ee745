/** Writes one section of the repository's BENCHMARKS.md between its markers, leaving the others alone. */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const file = fileURLToPath(new URL("../../../BENCHMARKS.md", import.meta.url))

export const writeSection = (name: string, body: string) => {
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n"
  const section = `${start}\n${body.trim()}\n${end}`
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next =
    from !== -1 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`
  writeFileSync(file, next)
}
