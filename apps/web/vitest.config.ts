// Component tests: jsdom, beside the code (`src/**/*.test.tsx`). The browser tests live in `e2e/`.
import solid from "vite-plugin-solid"
import { defineConfig } from "vitest/config"

export default defineConfig({
  plugins: [solid()],
  resolve: { conditions: ["development", "browser"] },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}", "build/**/*.test.ts"],
    testTimeout: 15_000,
  },
})
