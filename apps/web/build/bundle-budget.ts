// Build check of the console's initial JavaScript: the entry chunk and every chunk it imports
// statically (what a first visit downloads before any page), gzipped, must stay within a budget;
// pages are lazy chunks and do not count.
import { gzipSync } from "node:zlib"
import type { Plugin } from "vite"

/** What the first load of the console may download, in gzip bytes. */
export const initialJsBudget = 60 * 1024

export interface ChunkInfo {
  readonly fileName: string
  readonly isEntry: boolean
  readonly imports: ReadonlyArray<string>
  readonly code: string
}

/** The gzip size of each chunk loaded before any lazy page: entries and their static imports, transitively. */
export function initialChunks(chunks: ReadonlyArray<ChunkInfo>): Array<{ fileName: string; gzip: number }> {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const seen = new Set<string>()
  const pending = chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName)
  while (pending.length > 0) {
    const name = pending.pop() ?? ""
    if (seen.has(name)) continue
    seen.add(name)
    pending.push(...(byName.get(name)?.imports ?? []))
  }
  return [...seen]
    .flatMap((name) => {
      const chunk = byName.get(name)
      return chunk ? [{ fileName: name, gzip: gzipSync(chunk.code, { level: 9 }).length }] : []
    })
    .sort((a, b) => b.gzip - a.gzip)
}

export function overBudget(chunks: ReadonlyArray<ChunkInfo>, budget = initialJsBudget): string | undefined {
  const initial = initialChunks(chunks)
  const total = initial.reduce((sum, chunk) => sum + chunk.gzip, 0)
  if (total <= budget) return undefined
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
  return `initial JavaScript is ${kb(total)} gzip, over the ${kb(budget)} budget:\n${initial
    .map((chunk) => `  ${chunk.fileName} ${kb(chunk.gzip)}`)
    .join("\n")}\nLoad the new code lazily (a page behind lazy(), a library behind import()).`
}

/** Fails `vite build` when the initial JavaScript is over budget. */
export function bundleBudget(budget = initialJsBudget): Plugin {
  return {
    name: "bundle-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((output) =>
        output.type === "chunk"
          ? [
              {
                fileName: output.fileName,
                isEntry: output.isEntry,
                imports: output.imports,
                code: output.code,
              },
            ]
          : [],
      )
      const refusal = overBudget(chunks, budget)
      if (refusal) this.error(refusal)
    },
  }
}
