import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

// The API's test harness (used here against a running API) imports this package by name.
const client = fileURLToPath(new URL("./src/index.ts", import.meta.url))

export default defineConfig({
  resolve: { alias: { "@app/client": client } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 1,
  },
})
