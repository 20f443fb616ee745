import { defineConfig } from "vitest/config"

// `pnpm test:robustness`: minutes-long runs (real processes, 20,000-project portals, many seeds),
// one file at a time so their figures are not skewed by each other.
export default defineConfig({
  test: {
    include: ["test/robustness/**/*.robustness.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
})
