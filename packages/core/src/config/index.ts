/**
 * The product's configuration (SPEC §7): every environment variable is read here and nowhere else;
 * services' `Default` layers read the group they need from this module. All are optional on the
 * embedded default. Secrets are read as `Redacted` so they never print. An empty variable counts as unset.
 */
import { Config, ConfigError, Duration, Either, LogLevel, Option, Redacted } from "effect"

const nonEmpty = (name: string) =>
  Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim().length > 0)))

const optionalSecret = (name: string) =>
  nonEmpty(name).pipe(Config.map(Option.map((value) => Redacted.make(value))))

const optionalUrl = (name: string) =>
  nonEmpty(name).pipe(
    Config.mapOrFail((value) =>
      Option.match(value, {
        onNone: () => Either.right(Option.none<URL>()),
        onSome: (text) =>
          URL.canParse(text)
            ? Either.right(Option.some(new URL(text)))
            : Either.left(ConfigError.InvalidData([name], `expected a URL, got ${JSON.stringify(text)}`)),
      }),
    ),
  )

const portNumber = (name: string, fallback: number, allowZero: boolean) =>
  Config.integer(name).pipe(
    Config.validate({
      message: allowZero ? "expected a port from 0 to 65535" : "expected a port from 1 to 65535",
      validation: (port) => port >= (allowZero ? 0 : 1) && port <= 65_535,
    }),
    Config.withDefault(fallback),
  )

const secretList = (name: string) =>
  optionalSecret(name).pipe(
    Config.map((value) =>
      Option.match(value, {
        onNone: () => [],
        onSome: (list) =>
          Redacted.value(list)
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
            .map((s) => Redacted.make(s)),
      }),
    ),
  )

// Effect's own labels (WARN, OFF) and the words people write (warning, none), in any case.
const LOG_LEVEL_NAMES: Record<string, LogLevel.LogLevel> = {
  ...Object.fromEntries(LogLevel.allLevels.map((level) => [level.label.toLowerCase(), level])),
  warning: LogLevel.Warning,
  none: LogLevel.None,
}

const logLevel = (name: string, fallback: LogLevel.LogLevel) =>
  nonEmpty(name).pipe(
    Config.mapOrFail((value) =>
      Option.match(value, {
        onNone: () => Either.right(fallback),
        onSome: (text) => {
          const level = LOG_LEVEL_NAMES[text.trim().toLowerCase()]
          return level === undefined
            ? Either.left(
                ConfigError.InvalidData(
                  [name],
                  `expected one of trace, debug, info, warning, error, fatal, none; got ${JSON.stringify(text)}`,
                ),
              )
            : Either.right(level)
        },
      }),
    ),
  )

export const DEFAULT_PORT = 3000
export const DEFAULT_HOST = "127.0.0.1"
export const DEFAULT_MOCK_PROJECTS_PORT = 4010
export const DEFAULT_DATA_DIR = "./.data"

/** Every variable of SPEC §7; the Projects URLs default to the mock started alongside. */
export const AppConfig = Config.all({
  port: portNumber("PORT", DEFAULT_PORT, false),
  /** The interface the API listens on: loopback unless told (`0.0.0.0` or `::` for every interface). */
  host: nonEmpty("HOST").pipe(Config.map(Option.getOrElse(() => DEFAULT_HOST))),
  /** 0: do not start the mock Projects server. */
  mockProjectsPort: portNumber("MOCK_PROJECTS_PORT", DEFAULT_MOCK_PROJECTS_PORT, true),
  projectsApiUrl: optionalUrl("PROJECTS_API_URL"),
  projectsAccountsUrl: optionalUrl("PROJECTS_ACCOUNTS_URL"),
  /** Relative paths are resolved by the edge (the API resolves them from the repository root). */
  dataDir: nonEmpty("DATA_DIR").pipe(Config.map(Option.getOrElse(() => DEFAULT_DATA_DIR))),
  databaseUrl: optionalSecret("DATABASE_URL"),
  appSecret: optionalSecret("APP_SECRET"),
  /** Older secrets, comma-separated, that stored credentials may still be sealed with. */
  appSecretPrevious: secretList("APP_SECRET_PREVIOUS"),
  demoPassword: optionalSecret("DEMO_PASSWORD"),
  /** The least severe level written to the log (`LOG_LEVEL`: trace, debug, info, warning, error, fatal, none). */
  logLevel: logLevel("LOG_LEVEL", LogLevel.Info),
})

export type AppConfig = Config.Config.Success<typeof AppConfig>

/** Where the Projects service is: the configured URL, else the mock on its port (SPEC §7). */
export const projectsUrls = (config: Config.Config.Success<typeof ProjectsEnv>) => {
  const mock = new URL(`http://127.0.0.1:${config.mockProjectsPort || DEFAULT_MOCK_PROJECTS_PORT}`)
  const api = Option.getOrElse(config.projectsApiUrl, () => mock)
  return { api, accounts: Option.getOrElse(config.projectsAccountsUrl, () => api) }
}

/** The key of stored credentials: `APP_SECRET` (required here) and `APP_SECRET_PREVIOUS`. */
export const SecretsConfig = Config.all({
  current: Config.redacted("APP_SECRET"),
  previous: secretList("APP_SECRET_PREVIOUS"),
})

export const DEFAULT_MAIL_FROM = "CRM Projects <no-reply@crm.localhost>"

/** Mail delivery: SMTP when `SMTP_URL` is set, from `MAIL_FROM`. */
export const MailConfig = Config.all({
  smtpUrl: optionalSecret("SMTP_URL"),
  from: nonEmpty("MAIL_FROM").pipe(Config.map(Option.getOrElse(() => DEFAULT_MAIL_FROM))),
})

export const DEFAULT_PROJECTS_CLIENT_ID = "crm-projects-integration"
export const DEFAULT_PROJECTS_CLIENT_SECRET = "crm-projects-integration-secret"

/**
 * The integration's own settings: where the portal reaches our webhooks and OAuth callback
 * (`PUBLIC_URL`, else loopback on `PORT`), the OAuth client, and how often the reconcile runs.
 */
export const IntegrationEnv = Config.all({
  port: portNumber("PORT", DEFAULT_PORT, false),
  publicUrl: nonEmpty("PUBLIC_URL"),
  clientId: nonEmpty("PROJECTS_CLIENT_ID").pipe(
    Config.map(Option.getOrElse(() => DEFAULT_PROJECTS_CLIENT_ID)),
  ),
  clientSecret: optionalSecret("PROJECTS_CLIENT_SECRET").pipe(
    Config.map(Option.getOrElse(() => Redacted.make(DEFAULT_PROJECTS_CLIENT_SECRET))),
  ),
  reconcileEvery: Config.duration("RECONCILE_INTERVAL").pipe(Config.withDefault(Duration.minutes(15))),
})

/** How long sync runs are kept (`SYNC_RUN_RETENTION`) and how often older ones are purged. */
export const SyncRunsEnv = Config.all({
  retention: Config.duration("SYNC_RUN_RETENTION").pipe(Config.withDefault(Duration.days(90))),
  purgeEvery: Config.duration("SYNC_RUN_PURGE_INTERVAL").pipe(Config.withDefault(Duration.hours(24))),
})

/** Where the Projects service and its accounts server are (`PROJECTS_API_URL`, `PROJECTS_ACCOUNTS_URL`). */
export const ProjectsEnv = Config.all({
  mockProjectsPort: portNumber("MOCK_PROJECTS_PORT", DEFAULT_MOCK_PROJECTS_PORT, true),
  projectsApiUrl: optionalUrl("PROJECTS_API_URL"),
  projectsAccountsUrl: optionalUrl("PROJECTS_ACCOUNTS_URL"),
})

/** Durable jobs: finished jobs (succeeded, failed, cancelled) are deleted once older than `JOB_RETENTION`. */
export const JobsConfig = Config.all({
  retention: Config.duration("JOB_RETENTION").pipe(Config.withDefault(Duration.days(30))),
})

/** OpenTelemetry export: off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
export const TracingConfig = Config.all({
  endpoint: Config.option(Config.url("OTEL_EXPORTER_OTLP_ENDPOINT")),
  serviceName: Config.string("OTEL_SERVICE_NAME").pipe(Config.withDefault("crm-projects")),
})

/**
 * Outbound events: how long events and their delivery logs are kept (`EVENT_RETENTION`), and which
 * internal hosts endpoints may use all the same (`EVENT_ENDPOINTS_ALLOW_PRIVATE`, comma-separated).
 */
export const EventsEnv = Config.all({
  retention: Config.duration("EVENT_RETENTION").pipe(Config.withDefault(Duration.days(30))),
  allowPrivate: Config.string("EVENT_ENDPOINTS_ALLOW_PRIVATE").pipe(Config.withDefault("")),
})
