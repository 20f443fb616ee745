/**
 * Step 1, portal configuration (SPEC §4.2), its three cases: the admin's own portal through OAuth,
 * another user's portal through their service key + email, or a new portal created by name. Saving
 * the chosen portal stores its credential sealed, makes the integration active and queues the import.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { eq } from "drizzle-orm"
import { Clock, Effect, Option, Redacted, Schema } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { Database, tables } from "../../persistence/index.js"
import {
  type Portal,
  type ProjectsApi,
  ProjectsClient,
  type ProjectsCredentials,
  serviceKey,
} from "../../projects-client/index.js"
import { Secrets } from "../../secrets/index.js"
import { AuditLog } from "../audit/audit-log.js"
import { CredentialRejected, IntegrationStateConflict, PortalNotAvailable } from "../errors.js"
import { IntegrationConfig } from "../integration-config.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { PortalSync } from "../sync/portal-sync.js"
import { open, pendingOAuthContext, type SealedPayload, seal, toCredentials } from "./stored-credential.js"

export const PortalSummary = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  orgName: Schema.NullOr(Schema.String),
  owner: Schema.NullOr(Schema.Struct({ email: Schema.String, name: Schema.NullOr(Schema.String) })),
  role: Schema.NullOr(Schema.String),
  projectCount: Schema.NullOr(Schema.Number),
})
export type PortalSummary = typeof PortalSummary.Type

const summary = (portal: Portal): PortalSummary => ({
  id: portal.id,
  name: portal.name,
  orgName: portal.org_name ?? null,
  owner: portal.owner ? { email: portal.owner.email ?? "", name: portal.owner.full_name ?? null } : null,
  role: portal.role ?? null,
  projectCount: portal.project_count
    ? (portal.project_count.active ?? 0) +
      (portal.project_count.archived ?? 0) +
      (portal.project_count.template ?? 0)
    : null,
})

/** Where the admin's credential for the setup comes from. */
export type CredentialSource =
  | { readonly _tag: "OAuth" }
  | { readonly _tag: "ServiceKey"; readonly email: string; readonly key: Redacted.Redacted<string> }

const OAUTH_STATE_MINUTES = 10

/**
 * The OAuth `state`: an unguessable token, then the redirect_uri the start used (so the code exchange
 * can repeat it without a column of its own). Only the stored copy of a state is ever decoded.
 */
const oauthState = {
  make: (redirectUri: string) =>
    `${randomBytes(24).toString("base64url")}.${Buffer.from(redirectUri).toString("base64url")}`,
  redirectUri: (stored: string): string | undefined => {
    const encoded = stored.split(".")[1]
    return encoded ? Buffer.from(encoded, "base64url").toString("utf8") : undefined
  },
}

export class PortalSetup extends Effect.Service<PortalSetup>()("@app/core/integration/PortalSetup", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const client = yield* ProjectsClient
    const state = yield* IntegrationState
    const audit = yield* AuditLog
    const sync = yield* PortalSync
    const config = yield* IntegrationConfig
    const secrets = yield* Secrets
    const withSecrets = Effect.provideService(Secrets, secrets)

    const keyRejected = (field: string) => () =>
      Effect.fail(
        new CredentialRejected({
          field,
          reason:
            "the portal refused this service key and email: check that the key is current and was generated for this email",
        }),
      )

    /** The pending OAuth connection of the own-portal case, as credentials and a sealed payload. */
    const pendingOAuth = Effect.gen(function* () {
      const { row } = yield* state.requireSettingUp("use your own portal")
      if (row.pendingOAuth === null || row.credentialEmail === null) {
        return yield* new IntegrationStateConflict({
          status: "setting_up",
          action: "list your own portals",
          reason: "connect your Projects account first (OAuth)",
        })
      }
      const payload = yield* withSecrets(
        open(row.organizationId, row.pendingOAuth, pendingOAuthContext(row.organizationId)),
      ).pipe(Effect.catchTag("ServiceKeyRejected", keyRejected("oauth")))
      return {
        email: row.credentialEmail,
        payload,
        credentials: toCredentials(row.credentialEmail, payload, config),
      }
    })

    const connectWith = (source: CredentialSource) =>
      Effect.gen(function* () {
        if (source._tag === "OAuth") {
          const pending = yield* pendingOAuth
          return { ...pending, api: yield* client.connect(pending.credentials) }
        }
        const email = source.email.trim().toLowerCase()
        const credentials: ProjectsCredentials = serviceKey(email, source.key)
        const payload: SealedPayload = { kind: "key", key: Redacted.value(source.key) }
        return { email, payload, credentials, api: yield* client.connect(credentials) }
      })

    const listWith = (api: ProjectsApi, field: string) =>
      api.listPortals().pipe(
        Effect.catchTags({ ServiceKeyRejected: keyRejected(field), OAuthTokenRejected: keyRejected(field) }),
        Effect.map((portals) => portals.map(summary)),
      )

    // ---- Case 1: the admin's own portal, through OAuth -------------------------------------------

    /**
     * Where to send the admin's browser to connect their Projects account. `origin` is where the
     * browser is (the request's own origin): the callback returns there unless PUBLIC_URL says otherwise.
     */
    const oauthStart = Effect.fn("PortalSetup.oauthStart")(function* (
      options: { readonly loginHint?: string; readonly origin?: string } = {},
    ) {
      const actor = yield* requireAdmin("connect a Projects account")
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.requireSettingUp("connect a Projects account")
          const redirectUri = config.oauthRedirectUriFor(options.origin)
          const stateToken = oauthState.make(redirectUri)
          const now = yield* Clock.currentTimeMillis
          yield* database.use((db) =>
            db
              .update(tables.integrations)
              .set({
                oauthState: stateToken,
                oauthStateExpiresAt: new Date(now + OAUTH_STATE_MINUTES * 60_000),
              })
              .where(eq(tables.integrations.organizationId, actor.organizationId)),
          )
          return client.authorizationUrl({
            clientId: config.clientId,
            redirectUri,
            scopes: config.oauthScopes,
            state: stateToken,
            ...(options.loginHint ? { loginHint: options.loginHint } : {}),
          })
        }),
      )
    })

    /** The accounts server sent the admin back: check `state`, exchange the code, keep the tokens sealed. */
    const oauthCallback = Effect.fn("PortalSetup.oauthCallback")(function* (input: {
      readonly code?: string | undefined
      readonly state?: string | undefined
      readonly error?: string | undefined
    }) {
      const actor = yield* requireAdmin("connect a Projects account")
      const { row } = yield* state.requireSettingUp("connect a Projects account")
      const now = yield* Clock.currentTimeMillis
      if (
        !input.state ||
        row.oauthState === null ||
        row.oauthState !== input.state ||
        (row.oauthStateExpiresAt?.getTime() ?? 0) < now
      ) {
        return yield* new CredentialRejected({
          field: "state",
          reason: "the sign-in link expired or was not started here; start again",
        })
      }
      if (input.error || !input.code) {
        return yield* new CredentialRejected({
          field: "code",
          reason: `the Projects account was not connected (${input.error ?? "no code"})`,
        })
      }
      const grant = yield* client
        .exchangeCode({
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          code: input.code,
          // The exchange repeats the redirect_uri of the start, which the issued state carries.
          redirectUri: oauthState.redirectUri(row.oauthState) ?? config.oauthRedirectUri,
        })
        .pipe(Effect.catchTag("OAuthTokenRejected", keyRejected("code")))
      const info = yield* client
        .userInfo(grant.accessToken)
        .pipe(Effect.catchTag("OAuthTokenRejected", keyRejected("code")))
      const payload: SealedPayload = {
        kind: "oauth",
        accessToken: Redacted.value(grant.accessToken),
        expiresAt: grant.expiresAt,
        ...Option.match(grant.refreshToken, {
          onNone: () => ({}),
          onSome: (t) => ({ refreshToken: Redacted.value(t) }),
        }),
      }
      const sealed = yield* withSecrets(
        seal(actor.organizationId, payload, pendingOAuthContext(actor.organizationId)),
      )
      yield* state.transition(
        "integration.oauth_connected",
        {
          pendingOAuth: sealed,
          credentialKind: "oauth",
          credentialEmail: info.Email,
          oauthState: null,
          oauthStateExpiresAt: null,
        },
        { connectedEmail: info.Email },
      )
      return { email: info.Email }
    })

    /** Case 1: the portals of the connected Projects account. */
    const ownPortals = Effect.fn("PortalSetup.ownPortals")(function* () {
      yield* requireAdmin("list your Projects portals")
      const { api } = yield* connectWith({ _tag: "OAuth" })
      return yield* listWith(api, "oauth")
    })

    // ---- Case 2: another user's portal, through their service key ----------------------------------

    /** Case 2: the portals that `email`'s service key reaches. Nothing is stored. */
    const lookup = Effect.fn("PortalSetup.lookup")(function* (source: {
      email: string
      key: Redacted.Redacted<string>
    }) {
      yield* requireAdmin("look up Projects portals")
      yield* state.requireSettingUp("look up Projects portals")
      const { api } = yield* connectWith({ _tag: "ServiceKey", ...source })
      return yield* listWith(api, "key")
    })

    // ---- Case 3: a new portal ---------------------------------------------------------------------

    /** Case 3: creates a portal in Projects with the given credential (it becomes the owner). */
    const createPortal = Effect.fn("PortalSetup.createPortal")(function* (input: {
      readonly name: string
      readonly source: CredentialSource
    }) {
      yield* requireAdmin("create a Projects portal")
      yield* state.requireSettingUp("create a Projects portal")
      const { api } = yield* connectWith(input.source)
      const portal = yield* api.createPortal({ name: input.name.trim() }).pipe(
        Effect.catchTags({
          ServiceKeyRejected: keyRejected("key"),
          OAuthTokenRejected: keyRejected("oauth"),
        }),
      )
      yield* audit.record({
        action: "integration.portal_created",
        after: { portal: { id: portal.id, name: portal.name } },
      })
      return summary(portal)
    })

    // ---- Save --------------------------------------------------------------------------------------

    /**
     * Save: the chosen portal must be one the credential reaches. Stores the credential sealed, makes
     * the integration active, and queues the import of every project of the portal.
     */
    const choosePortal = Effect.fn("PortalSetup.choosePortal")(function* (input: {
      readonly portalId: string
      readonly source: CredentialSource
    }) {
      const actor = yield* requireAdmin("associate a Projects portal")
      yield* state.requireSettingUp("associate a Projects portal")
      const { api, email, payload } = yield* connectWith(input.source)
      const portals = yield* listWith(api, input.source._tag === "OAuth" ? "oauth" : "key")
      const portal = portals.find((p) => p.id === input.portalId)
      if (portal === undefined) return yield* new PortalNotAvailable({ portalId: input.portalId })
      const sealed = yield* withSecrets(seal(actor.organizationId, payload))
      const associationId = randomUUID()
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.requireSettingUp("associate a Projects portal")
          const view = yield* state.transition(
            "integration.portal_associated",
            {
              status: "active",
              portalId: portal.id,
              portalName: portal.name,
              credentialKind: payload.kind,
              credentialEmail: email,
              credentialSecret: sealed,
              pendingOAuth: null,
              associationId,
              associatedBy: actor.userId,
              keyInvalidSince: null,
              webhookId: null,
              webhookSecret: null,
            },
            { source: input.source._tag === "OAuth" ? "own portal (OAuth)" : "service key" },
          )
          const job = yield* sync.enqueue("import", associationId)
          return { integration: view, importJob: { id: job.id, status: job.status } }
        }),
      )
    })

    return { oauthStart, oauthCallback, ownPortals, lookup, createPortal, choosePortal } as const
  }),
}) {}
