/**
 * Settings of the integration itself: where the portal can reach our webhook endpoint, the OAuth
 * client registered with the Projects accounts server, and how often the reconcile runs.
 */
import { Config, Duration, Effect, Redacted } from "effect"

export class IntegrationConfig extends Effect.Service<IntegrationConfig>()(
  "@app/core/integration/IntegrationConfig",
  {
    effect: Effect.gen(function* () {
      const port = yield* Config.integer("PORT").pipe(Config.withDefault(3000))
      const publicUrl = yield* Config.string("PUBLIC_URL").pipe(
        Config.withDefault(`http://127.0.0.1:${port}`),
      )
      const clientId = yield* Config.string("PROJECTS_CLIENT_ID").pipe(
        Config.withDefault("crm-projects-integration"),
      )
      const clientSecret = yield* Config.redacted("PROJECTS_CLIENT_SECRET").pipe(
        Config.withDefault(Redacted.make("crm-projects-integration-secret")),
      )
      const reconcileEvery = yield* Config.duration("RECONCILE_INTERVAL").pipe(
        Config.withDefault(Duration.minutes(15)),
      )
      return make({ publicUrl, clientId, clientSecret, reconcileEvery })
    }),
  },
) {
  static readonly with = (settings: Partial<IntegrationSettings> & { publicUrl: string }) =>
    IntegrationConfig.make(
      make({
        clientId: "crm-projects-integration",
        clientSecret: Redacted.make("crm-projects-integration-secret"),
        reconcileEvery: Duration.minutes(15),
        ...settings,
      }),
    )
}

export interface IntegrationSettings {
  readonly publicUrl: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  readonly reconcileEvery: Duration.Duration
}

const make = (settings: IntegrationSettings) => {
  const base = settings.publicUrl.replace(/\/+$/, "")
  return {
    ...settings,
    publicUrl: base,
    oauthRedirectUri: `${base}/api/v1/integration/oauth/callback`,
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
