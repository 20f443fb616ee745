import { defineConfig } from "vitest/config"

// PGlite takes seconds to boot on these 2-core machines: one database per test file, generous timeouts.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
})
