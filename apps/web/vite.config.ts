// Vite build of the console; the API serves `dist/` at `/` with an SPA fallback. The build fails when
// the initial JavaScript is over its budget (build/bundle-budget.ts).
import { defineConfig } from "vite"
import solid from "vite-plugin-solid"
import { bundleBudget } from "./build/bundle-budget"

// `pnpm dev` runs the API (with the mock) beside this dev server; /api goes to it.
const api = `http://127.0.0.1:${process.env.PORT ?? "3000"}`

export default defineConfig({
  plugins: [solid(), bundleBudget()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/healthz": api,
      "/readyz": api,
    },
  },
})
