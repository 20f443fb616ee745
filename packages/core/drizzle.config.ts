import { defineConfig } from "drizzle-kit"

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/persistence/tables/index.ts",
  out: "./drizzle",
  casing: "snake_case",
})
