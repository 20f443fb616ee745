/**
 * The product's configuration (SPEC §7): environment variables, all optional on the embedded
 * default. Secrets are read as `Redacted` so they never print. An empty variable counts as unset.
 */
import { Config, ConfigError, Either, Option, Redacted } from "effect"

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
  appSecretPrevious: optionalSecret("APP_SECRET_PREVIOUS").pipe(
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
  ),
  smtpUrl: optionalSecret("SMTP_URL"),
  demoPassword: optionalSecret("DEMO_PASSWORD"),
})

export type AppConfig = Config.Config.Success<typeof AppConfig>

/** Where the Projects service is: the configured URL, else the mock on its port (SPEC §7). */
export const projectsUrls = (config: AppConfig) => {
  const mock = new URL(`http://127.0.0.1:${config.mockProjectsPort || DEFAULT_MOCK_PROJECTS_PORT}`)
  const api = Option.getOrElse(config.projectsApiUrl, () => mock)
  return { api, accounts: Option.getOrElse(config.projectsAccountsUrl, () => api) }
}
