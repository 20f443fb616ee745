import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// The API's tests use the typed client by name; it is not a dependency of the API (the client
// depends on the API's types), so the name is resolved to its source here and in tsconfig.json.
const client = fileURLToPath(new URL("../../packages/client/src/index.ts", import.meta.url))

export default defineConfig({
  resolve: { alias: { "@app/client": client } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
})
