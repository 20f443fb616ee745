/**
 * Update the service key (SPEC §4.7): when the portal owner changes or the key is regenerated the
 * stored key stops working. The admin enters the new key and its email; it is checked against the
 * associated portal — a key the portal refuses is never stored — then syncing resumes and catches up.
 */
import { randomUUID } from "node:crypto"
import { Effect, Redacted } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { Database } from "../../persistence/index.js"
import { ProjectsClient, serviceKey } from "../../projects-client/index.js"
import { Secrets } from "../../secrets/index.js"
import { CredentialRejected, IntegrationStateConflict, PortalNotAvailable, TrialExpired } from "../errors.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { seal } from "../portal/stored-credential.js"
import { PortalSync } from "../sync/portal-sync.js"

export class ServiceKeys extends Effect.Service<ServiceKeys>()("@app/core/integration/ServiceKeys", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const client = yield* ProjectsClient
    const state = yield* IntegrationState
    const sync = yield* PortalSync
    const secrets = yield* Secrets

    const replace = Effect.fn("ServiceKeys.replace")(function* (input: {
      readonly email: string
      readonly key: Redacted.Redacted<string>
    }) {
      const actor = yield* requireAdmin("update the Projects service key")
      const { row, status } = yield* state.current()
      if (status === "trial_expired")
        return yield* new TrialExpired({ endedAt: row?.trialEndsAt?.toISOString() ?? "" })
      if (row === undefined || (status !== "active" && status !== "key_invalid") || row.portalId === null) {
        return yield* new IntegrationStateConflict({
          status,
          action: "update the service key",
          reason: "no portal is associated",
        })
      }
      const portalId = row.portalId
      const email = input.email.trim().toLowerCase()
      const api = yield* client.connect(serviceKey(email, input.key))
      yield* api.getPortal(portalId).pipe(
        Effect.catchTags({
          ServiceKeyRejected: () =>
            Effect.fail(
              new CredentialRejected({
                field: "key",
                reason:
                  "the portal refused this service key and email: check that the key is current and was generated for this email",
              }),
            ),
          ProjectsNotFound: () => Effect.fail(new PortalNotAvailable({ portalId })),
          ProjectsForbidden: () => Effect.fail(new PortalNotAvailable({ portalId })),
        }),
      )
      const sealed = yield* seal(actor.organizationId, { kind: "key", key: Redacted.value(input.key) }).pipe(
        Effect.provideService(Secrets, secrets),
      )
      // The association stays (mappings and links are kept); a new id stops passes of the old key.
      const associationId = randomUUID()
      return yield* database.transaction(
        Effect.gen(function* () {
          const view = yield* state.transition(
            "integration.service_key_updated",
            {
              status: "active",
              credentialKind: "key",
              credentialEmail: email,
              credentialSecret: sealed,
              keyInvalidSince: null,
              associationId,
              associatedBy: actor.userId,
            },
            { previousStatus: status },
          )
          const job = yield* sync.enqueue("catch-up", associationId)
          return { integration: view, syncJob: { id: job.id, status: job.status } }
        }),
      )
    })

    return { replace } as const
  }),
}) {}
