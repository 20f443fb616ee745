import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Option, Redacted } from "effect"
import { AppConfig, projectsUrls } from "./index.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("AppConfig", () => {
  it.effect("runs on the embedded defaults when nothing is set", () =>
    Effect.gen(function* () {
      const config = yield* AppConfig.pipe(withEnv({}))
      expect(config).toMatchObject({ port: 3000, mockProjectsPort: 4010, dataDir: "./.data" })
      expect(Option.isNone(config.databaseUrl)).toBe(true)
      expect(projectsUrls(config).api.href).toBe("http://127.0.0.1:4010/")
    }),
  )

  it.effect("keeps secrets redacted and treats empty variables as unset", () =>
    Effect.gen(function* () {
      const config = yield* AppConfig.pipe(
        withEnv({
          DATABASE_URL: "postgres://u:pw@h/db",
          APP_SECRET: "",
          DEMO_PASSWORD: "demo-pass",
          MOCK_PROJECTS_PORT: "0",
        }),
      )
      expect(Option.map(config.databaseUrl, Redacted.value)).toEqual(Option.some("postgres://u:pw@h/db"))
      expect(String(config.databaseUrl)).not.toContain("pw")
      expect(Option.isNone(config.appSecret)).toBe(true)
      expect(config.mockProjectsPort).toBe(0)
    }),
  )

  it.effect("refuses a port out of range and a malformed URL, naming the variable", () =>
    Effect.gen(function* () {
      const port = yield* AppConfig.pipe(withEnv({ PORT: "70000" }), Effect.flip)
      expect(String(port)).toContain("PORT")
      const url = yield* AppConfig.pipe(withEnv({ PROJECTS_API_URL: "not a url" }), Effect.flip)
      expect(String(url)).toContain("PROJECTS_API_URL")
    }),
  )
})
