/**
 * Sync health for the setup page (SPEC §4.9), administrators only: whether the portal's webhook
 * subscription delivers (its last delivery), the last pass and how it ended, the items that pass
 * could not copy and why, and when the next scheduled reconcile is due.
 */
import { sql } from "drizzle-orm"
import { Duration, Effect } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { Database } from "../../persistence/index.js"
import { IntegrationConfig } from "../integration-config.js"
import { SyncRuns } from "./sync-runs.js"

/** Failing items listed; all are counted in the run. */
const MAX_FAILING = 20

export class SyncHealth extends Effect.Service<SyncHealth>()("@app/core/integration/SyncHealth", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const runs = yield* SyncRuns
    const config = yield* IntegrationConfig

    const forOrganization = Effect.fn("SyncHealth.forOrganization")(function* () {
      const actor = yield* requireAdmin("read the sync health")
      const org = actor.organizationId
      const [integration] = yield* database.execute<{ webhook_id: string | null; status: string }>(
        sql`select webhook_id, status from integrations where organization_id = ${org}::uuid`,
      )
      const [webhook] = yield* database.execute<{ at: string | Date | null }>(
        sql`select max(received_at) as at from integration_webhook_events where organization_id = ${org}::uuid`,
      )
      const [lastPass] = yield* database.execute<{ id: string }>(sql`
        select id from sync_runs where organization_id = ${org}::uuid
          and trigger in ('import', 'catch-up', 'reconcile', 'sync-now')
        order by number desc limit 1`)
      const [lastScheduled] = yield* database.execute<{ started_at: string | Date }>(sql`
        select started_at from sync_runs where organization_id = ${org}::uuid and trigger = 'reconcile'
        order by number desc limit 1`)
      const pass = lastPass === undefined ? null : yield* runs.get(lastPass.id)
      const failing =
        pass === null ? [] : (yield* runs.items(pass.id, { outcome: "failed", limit: MAX_FAILING })).items
      // Each process reconciles every RECONCILE_INTERVAL from its start: the next is due an interval
      // after the last scheduled one (or after the last pass when none ran yet).
      const from = lastScheduled?.started_at ?? pass?.startedAt ?? null
      const nextReconcileAt =
        integration?.status === "active" && from !== null
          ? new Date(new Date(from).getTime() + Duration.toMillis(config.reconcileEvery)).toISOString()
          : null
      return {
        webhook: {
          subscribed: (integration?.webhook_id ?? null) !== null,
          lastDeliveryAt: webhook?.at ? new Date(webhook.at).toISOString() : null,
        },
        lastPass: pass,
        failing,
        reconcileEveryMinutes: Duration.toMinutes(config.reconcileEvery),
        nextReconcileAt,
      }
    })

    return { forOrganization } as const
  }),
}) {}
