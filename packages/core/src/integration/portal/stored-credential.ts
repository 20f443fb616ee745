/**
 * The credential the integration keeps for its portal (SPEC §4.2: "keeps a key + email credential for
 * the portal in every case"), sealed with AES-256-GCM and bound to the organization. Only this module
 * opens it, and only to build a Projects connection.
 */
import { Effect, Redacted, Schema } from "effect"
import * as Projects from "../../projects-client/index.js"
import { Secrets } from "../../secrets/index.js"

export const SealedPayload = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("key"), key: Schema.String }),
  Schema.Struct({
    kind: Schema.Literal("oauth"),
    accessToken: Schema.String,
    refreshToken: Schema.optional(Schema.String),
    expiresAt: Schema.Number,
  }),
)
export type SealedPayload = typeof SealedPayload.Type

export const credentialContext = (organizationId: string) => `integration-credential:${organizationId}`
export const pendingOAuthContext = (organizationId: string) => `integration-pending-oauth:${organizationId}`

const PayloadJson = Schema.parseJson(SealedPayload)

export const seal = (
  organizationId: string,
  payload: SealedPayload,
  context = credentialContext(organizationId),
) =>
  Effect.flatMap(Secrets, (secrets) =>
    secrets.encrypt(Redacted.make(Schema.encodeSync(PayloadJson)(payload)), context),
  )

export const open = (organizationId: string, sealed: string, context = credentialContext(organizationId)) =>
  Effect.flatMap(Secrets, (secrets) => secrets.decrypt(sealed, context)).pipe(
    Effect.flatMap((plain) => Schema.decodeUnknown(PayloadJson)(Redacted.value(plain))),
    // A credential that no longer opens (APP_SECRET changed) is as good as an invalid key.
    Effect.mapError(
      () => new Projects.ServiceKeyRejected({ email: "", reason: "stored credential cannot be read" }),
    ),
  )

/** The client credentials for a sealed payload; OAuth refreshes are handed to `onRefresh`. */
export const toCredentials = (
  email: string,
  payload: SealedPayload,
  oauthClient: { readonly clientId: string; readonly clientSecret: Redacted.Redacted<string> },
  onRefresh?: (tokens: Projects.OAuthTokens) => Effect.Effect<void>,
): Projects.ProjectsCredentials =>
  payload.kind === "key"
    ? Projects.serviceKey(email, Redacted.make(payload.key))
    : Projects.oauth({
        accessToken: Redacted.make(payload.accessToken),
        expiresAt: payload.expiresAt,
        ...(payload.refreshToken === undefined ? {} : { refreshToken: Redacted.make(payload.refreshToken) }),
        clientId: oauthClient.clientId,
        clientSecret: oauthClient.clientSecret,
        ...(onRefresh === undefined ? {} : { onRefresh }),
      })
