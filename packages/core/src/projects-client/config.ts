/** Where the Projects service is and how patiently the client talks to it. */
import { Duration, Effect } from "effect"
import { ProjectsEnv, projectsUrls } from "../config/index.js"

export interface ProjectsClientSettings {
  /** REST origin (`PROJECTS_API_URL`). */
  readonly apiUrl: string
  /** OAuth server origin (`PROJECTS_ACCOUNTS_URL`). */
  readonly accountsUrl: string
  /** Per attempt, from sending the request to reading the whole body. */
  readonly requestTimeout: Duration.Duration
  /** Attempts per call, the first included, for transient failures. */
  readonly maxAttempts: number
  /** Backoff before attempt n+1: full jitter in [0, min(maxDelay, baseDelay × 2^(n−1))]. */
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  /** A `Retry-After` longer than this is not waited for: the call fails `ProjectsUnavailable` with it. */
  readonly maxRetryAfter: Duration.Duration
  /** Refresh an OAuth access token this long before it expires. */
  readonly refreshSkew: Duration.Duration
}

const DEFAULT_URL = "http://127.0.0.1:4010"

export const defaultSettings: ProjectsClientSettings = {
  apiUrl: DEFAULT_URL,
  accountsUrl: DEFAULT_URL,
  requestTimeout: Duration.seconds(30),
  maxAttempts: 6,
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(30),
  maxRetryAfter: Duration.minutes(2),
  refreshSkew: Duration.seconds(60),
}

const trimSlash = (url: string) => url.replace(/\/+$/, "")

export class ProjectsClientConfig extends Effect.Service<ProjectsClientConfig>()(
  "@app/core/ProjectsClientConfig",
  {
    effect: Effect.gen(function* () {
      const urls = projectsUrls(yield* ProjectsEnv)
      const settings: ProjectsClientSettings = {
        ...defaultSettings,
        apiUrl: trimSlash(urls.api.href),
        accountsUrl: trimSlash(urls.accounts.href),
      }
      return settings
    }),
  },
) {
  /** Explicit settings (tests, tools); unspecified ones take the defaults. */
  static readonly with = (settings: Partial<ProjectsClientSettings>) =>
    ProjectsClientConfig.make({
      ...defaultSettings,
      ...settings,
      apiUrl: trimSlash(settings.apiUrl ?? defaultSettings.apiUrl),
      accountsUrl: trimSlash(settings.accountsUrl ?? defaultSettings.accountsUrl),
    })
}
