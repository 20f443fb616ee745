import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// The API's tests use the typed client by name; it is not a dependency of the API (the client
// depends on the API's types), so the name is resolved to its source here and in tsconfig.json.
const client = fileURLToPath(new URL("../../packages/client/src/index.ts", import.meta.url))

// `pnpm test:robustness`: minutes-long runs (real processes, 20,000-project portals, many seeds),
// one file at a time so their figures are not skewed by each other.
export default defineConfig({
  resolve: { alias: { "@app/client": client } },
  test: {
    include: ["test/robustness/**/*.robustness.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
})
