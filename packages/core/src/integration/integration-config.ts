/**
 * Settings of the integration itself: where the portal can reach our webhook endpoint, the OAuth
 * client registered with the Projects accounts server, and how often the reconcile runs.
 */
import { Duration, Effect, Option, Redacted } from "effect"
import {
  DEFAULT_PROJECTS_CLIENT_ID,
  DEFAULT_PROJECTS_CLIENT_SECRET,
  IntegrationEnv,
} from "../config/index.js"
import { PER_PAGE } from "./sync/stable-read.js"

export class IntegrationConfig extends Effect.Service<IntegrationConfig>()(
  "@app/core/integration/IntegrationConfig",
  {
    effect: Effect.gen(function* () {
      const env = yield* IntegrationEnv
      return make({
        publicUrl: Option.getOrElse(env.publicUrl, () => `http://127.0.0.1:${env.port}`),
        publicUrlConfigured: Option.isSome(env.publicUrl),
        clientId: env.clientId,
        clientSecret: env.clientSecret,
        reconcileEvery: env.reconcileEvery,
      })
    }),
  },
) {
  static readonly with = (settings: Partial<IntegrationSettings> & { publicUrl: string }) =>
    IntegrationConfig.make(
      make({
        clientId: DEFAULT_PROJECTS_CLIENT_ID,
        clientSecret: Redacted.make(DEFAULT_PROJECTS_CLIENT_SECRET),
        reconcileEvery: Duration.minutes(15),
        publicUrlConfigured: true,
        ...settings,
      }),
    )
}

export interface IntegrationSettings {
  readonly publicUrl: string
  /**
   * Whether `publicUrl` was set by the deployment (PUBLIC_URL). When it was not, the OAuth callback
   * returns to the origin the admin's browser started from, so `localhost` and `127.0.0.1` both work.
   */
  readonly publicUrlConfigured: boolean
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly reconcileEvery: Duration.Duration
  /**
   * Objects per page when a sync pass reads the portal's lists: the service's maximum, 200, unless a
   * test asks for smaller pages (the same paging with fewer objects).
   */
  readonly syncPageSize?: number
}

const OAUTH_CALLBACK_PATH = "/api/v1/integration/oauth/callback"

/** `scheme://host[:port]` of an http(s) URL, nothing else (no path, credentials or odd schemes). */
export const originOf = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined
    if (parsed.username !== "" || parsed.password !== "") return undefined
    return parsed.origin
  } catch {
    return undefined
  }
}

const make = (settings: IntegrationSettings) => {
  const base = settings.publicUrl.replace(/\/+$/, "")
  return {
    ...settings,
    syncPageSize: Math.min(PER_PAGE, Math.max(1, Math.trunc(settings.syncPageSize ?? PER_PAGE))),
    publicUrl: base,
    oauthRedirectUri: `${base}${OAUTH_CALLBACK_PATH}`,
    /**
     * Where the accounts server returns the browser: PUBLIC_URL when set, else the origin the admin
     * started from (the start needs the admin's session cookie, which a browser only sends to the
     * console's real origin, so a forged Host cannot steal a code for another organization).
     */
    oauthRedirectUriFor: (origin: string | undefined): string => {
      const from = settings.publicUrlConfigured ? undefined : originOf(origin)
      return `${from ?? base}${OAUTH_CALLBACK_PATH}`
    },
    webhookUrl: `${base}/api/v1/webhooks/projects`,
    /** What the integration asks of the portal owner at consent. */
    oauthScopes: [
      "ZohoProjects.portals.ALL",
      "ZohoProjects.projects.ALL",
      "ZohoProjects.users.ALL",
      "ZohoProjects.clients.ALL",
      "ZohoProjects.custom_fields.READ",
      "ZohoProjects.webhooks.ALL",
      "AaaServer.profile.READ",
    ],
  }
}
