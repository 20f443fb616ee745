/**
 * The integration's way to its portal: opens the stored credential, connects the Projects API client
 * and, on the first call the portal refuses with an invalid key, switches the integration to "key
 * invalid" (SPEC §4.7) before failing with a message for users.
 */
import { and, eq } from "drizzle-orm"
import { Cause, Effect, Redacted } from "effect"
import { Database, tables } from "../../persistence/index.js"
import type { OAuthTokens, ProjectsApi } from "../../projects-client/index.js"
import { ProjectsClient } from "../../projects-client/index.js"
import { Secrets } from "../../secrets/index.js"
import { IntegrationKeyInvalid } from "../errors.js"
import { IntegrationConfig } from "../integration-config.js"
import { type IntegrationRow, IntegrationState } from "../lifecycle/integration-state.js"
import { open, seal, toCredentials } from "./stored-credential.js"

export class PortalConnection extends Effect.Service<PortalConnection>()(
  "@app/core/integration/PortalConnection",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database
      const client = yield* ProjectsClient
      const state = yield* IntegrationState
      const config = yield* IntegrationConfig
      const secrets = yield* Secrets

      /** A connection with the row's credential; refreshed OAuth tokens are sealed back into the row. */
      const connect = (row: IntegrationRow) =>
        Effect.gen(function* () {
          const sealed = row.credentialSecret ?? ""
          const payload = yield* open(row.organizationId, sealed)
          const onRefresh =
            payload.kind === "oauth"
              ? (tokens: OAuthTokens) =>
                  Effect.gen(function* () {
                    const resealed = yield* seal(row.organizationId, {
                      ...payload,
                      accessToken: Redacted.value(tokens.accessToken),
                      expiresAt: tokens.expiresAt,
                    })
                    yield* database.use((db) =>
                      db
                        .update(tables.integrations)
                        .set({ credentialSecret: resealed })
                        .where(
                          and(
                            eq(tables.integrations.organizationId, row.organizationId),
                            eq(tables.integrations.credentialSecret, sealed),
                          ),
                        ),
                    )
                  }).pipe(
                    Effect.provideService(Secrets, secrets),
                    // The refreshed token still serves this request; the next one refreshes again.
                    // Logged by kind only: a database error could carry the sealed value.
                    Effect.catchAllCause((cause) =>
                      Effect.logWarning("refreshed OAuth token could not be saved").pipe(
                        Effect.annotateLogs({
                          organizationId: row.organizationId,
                          failure: Cause.isFailType(cause)
                            ? String((cause.error as { _tag?: unknown })._tag ?? "error")
                            : "defect",
                        }),
                      ),
                    ),
                  )
              : undefined
          return yield* client.connect(toCredentials(row.credentialEmail ?? "", payload, config, onRefresh))
        }).pipe(Effect.provideService(Secrets, secrets))

      /**
       * Runs `f` against the portal of the actor's organization. The integration must be active; an
       * invalid key or refused OAuth grant flips it to "key invalid" and fails `IntegrationKeyInvalid`.
       */
      const use = <A, E, R>(
        action: string,
        f: (api: ProjectsApi, portalId: string, row: IntegrationRow) => Effect.Effect<A, E, R>,
      ) =>
        Effect.gen(function* () {
          const row = yield* state.requireActive(action)
          const failed = () =>
            Effect.zipRight(
              state.markKeyInvalid(row.credentialSecret ?? ""),
              Effect.fail(new IntegrationKeyInvalid()),
            )
          const api = yield* connect(row).pipe(Effect.catchTag("ServiceKeyRejected", failed))
          return yield* f(api, row.portalId ?? "", row).pipe(
            Effect.catchIf(
              (error): error is Extract<E, { _tag: "ServiceKeyRejected" | "OAuthTokenRejected" }> =>
                typeof error === "object" &&
                error !== null &&
                "_tag" in error &&
                (error._tag === "ServiceKeyRejected" || error._tag === "OAuthTokenRejected"),
              failed,
            ),
          )
        })

      return { connect, use } as const
    }),
  },
) {}
