import { defineConfig } from "vitest/config"

/** `pnpm test:robustness`: the long fuzz runs, kept out of `pnpm test`. */
export default defineConfig({
  test: {
    include: ["test/robustness/**/*.robustness.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 1,
  },
})
