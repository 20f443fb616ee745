/** `pnpm bench` for @app/core: runs every `bench/*.bench.ts` in name order; each writes its BENCHMARKS.md section. */
import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"

const dir = fileURLToPath(new URL(".", import.meta.url))
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .sort()) {
  const bench: { run?: () => Promise<void> } = await import(new URL(file, import.meta.url).href)
  if (typeof bench.run === "function") await bench.run()
}
