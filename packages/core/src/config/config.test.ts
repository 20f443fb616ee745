import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, LogLevel, Option, Redacted } from "effect"
import { AppConfig, IntegrationEnv, MailConfig, projectsUrls } from "./index.js"

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

  it.effect("reads LOG_LEVEL by the usual names, info when unset, and refuses an unknown one", () =>
    Effect.gen(function* () {
      expect((yield* AppConfig.pipe(withEnv({}))).logLevel).toBe(LogLevel.Info)
      expect((yield* AppConfig.pipe(withEnv({ LOG_LEVEL: "warning" }))).logLevel).toBe(LogLevel.Warning)
      expect((yield* AppConfig.pipe(withEnv({ LOG_LEVEL: "DEBUG" }))).logLevel).toBe(LogLevel.Debug)
      expect((yield* AppConfig.pipe(withEnv({ LOG_LEVEL: "none" }))).logLevel).toBe(LogLevel.None)
      const refused = yield* AppConfig.pipe(withEnv({ LOG_LEVEL: "loud" }), Effect.flip)
      expect(String(refused)).toContain("LOG_LEVEL")
    }),
  )
})

describe("groups read by services", () => {
  it.effect("mail: the outbox only unless SMTP_URL, from MAIL_FROM or the product's sender", () =>
    Effect.gen(function* () {
      const unset = yield* MailConfig.pipe(withEnv({ SMTP_URL: "" }))
      expect(Option.isNone(unset.smtpUrl)).toBe(true)
      expect(unset.from).toBe("CRM Projects <no-reply@crm.localhost>")
      const set = yield* MailConfig.pipe(
        withEnv({ SMTP_URL: "smtp://u:pw@h:25", MAIL_FROM: "Ops <ops@x.test>" }),
      )
      expect(String(set.smtpUrl)).not.toContain("pw")
      expect(set.from).toBe("Ops <ops@x.test>")
    }),
  )

  it.effect("integration: the reconcile interval as a duration, a bad one naming the variable", () =>
    Effect.gen(function* () {
      const config = yield* IntegrationEnv.pipe(withEnv({ RECONCILE_INTERVAL: "5 minutes" }))
      expect(Duration.toMillis(config.reconcileEvery)).toBe(300_000)
      const refused = yield* IntegrationEnv.pipe(withEnv({ RECONCILE_INTERVAL: "soon" }), Effect.flip)
      expect(String(refused)).toContain("RECONCILE_INTERVAL")
    }),
  )
})
