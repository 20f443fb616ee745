/** Entry point of `pnpm start` and `bin/mock-projects.mjs`. */
import { runCli } from "./cli.js"

runCli(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`mock-projects: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
