/**
 * Deactivate (SPEC §4.8): the Projects tab and related lists disappear, the portal and its projects
 * are dissociated from the CRM — nothing is deleted in the portal, its users keep working there — and
 * any admin can then associate a portal again, with automatic client mapping offered anew.
 */
import { and, eq, inArray, sql } from "drizzle-orm"
import { Duration, Effect } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { jobs } from "../../jobs/rows.js"
import { Database } from "../../persistence/index.js"
import { IntegrationStateConflict } from "../errors.js"
import { removeFieldMappings } from "../field-mapping/field-mapping.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { PortalCopy } from "../sync/portal-copy.js"
import { IntegrationState } from "./integration-state.js"

export class Deactivation extends Effect.Service<Deactivation>()("@app/core/integration/Deactivation", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const state = yield* IntegrationState
    const copy = yield* PortalCopy
    const connection = yield* PortalConnection

    /** Our own webhook subscription is ours to remove; a portal that cannot be reached keeps it (it will be refused). */
    const unsubscribe = Effect.gen(function* () {
      const { row } = yield* state.current()
      if (!row?.webhookId || !row.portalId || !row.credentialSecret || row.status !== "active") return
      const api = yield* connection.connect(row)
      yield* api.deleteWebhook(row.portalId, row.webhookId)
    }).pipe(
      Effect.timeout(Duration.seconds(10)),
      Effect.catchAll((error) => Effect.logInfo("webhook subscription left in the portal", String(error))),
    )

    const deactivate = Effect.fn("Deactivation.deactivate")(function* () {
      const actor = yield* requireAdmin("deactivate the Projects integration")
      const { row, status } = yield* state.current()
      if (row === undefined || row.status === "deactivated") {
        return yield* new IntegrationStateConflict({
          status,
          action: "deactivate",
          reason: "the integration is not enabled",
        })
      }
      yield* unsubscribe
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.current({ lock: true })
          const removed = yield* copy.clear(actor.organizationId)
          yield* removeFieldMappings(actor.organizationId)
          yield* database.use((db) =>
            db
              .update(jobs)
              .set({ status: "cancelled", finishedAt: sql`now()`, leaseOwner: null })
              .where(
                and(
                  eq(jobs.organizationId, actor.organizationId),
                  inArray(jobs.status, ["queued", "running"]),
                  sql`${jobs.kind} like 'integration.%'`,
                ),
              ),
          )
          return yield* state.transition(
            "integration.deactivated",
            {
              status: "deactivated",
              associationId: null,
              portalId: null,
              portalName: null,
              associatedBy: null,
              credentialKind: null,
              credentialEmail: null,
              credentialSecret: null,
              pendingOAuth: null,
              oauthState: null,
              oauthStateExpiresAt: null,
              webhookId: null,
              webhookSecret: null,
              clientMapping: "pending",
              fieldMappingSavedAt: null,
              permissionsSavedAt: null,
              lastSyncedAt: null,
              lastSyncFailures: null,
              keyInvalidSince: null,
            },
            { dissociated: removed },
          )
        }),
      )
    })

    return { deactivate } as const
  }),
}) {}
