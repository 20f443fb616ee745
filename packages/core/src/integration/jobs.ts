/**
 * The integration's background work on a job runner: its job handlers, and the periodic reconcile
 * that catches what webhooks missed (SPEC §4.2). Any number of API processes may run it: the queue
 * leases each job to one runner and dedupes the reconcile per organization.
 */
import { Effect, Layer, Schedule } from "effect"
import { JobRunner } from "../jobs/index.js"
import { Mailer } from "../mail/index.js"
import { CLIENT_CONTACTS_JOB, CLIENT_MAPPING_JOB, ClientMapping } from "./client-mapping/client-mapping.js"
import { IntegrationState } from "./lifecycle/integration-state.js"
import { PortalSync, SYNC_JOB } from "./sync/portal-sync.js"
import { SYNC_RUNS_PURGE_JOB, SyncRunRetention } from "./sync-runs/retention.js"
import { SYNC_DRY_RUN_JOB, SyncNow } from "./sync-runs/sync-now.js"
import { SyncRunRecorder } from "./sync-runs/sync-run-recorder.js"
import { USER_TRANSFER_JOB } from "./user-transfer/model.js"
import { UserTransfers } from "./user-transfer/user-transfers.js"

export const IntegrationJobs = Layer.scopedDiscard(
  Effect.gen(function* () {
    const runner = yield* JobRunner
    const sync = yield* PortalSync
    // Every pass is a sync run: the recorder opens it, the copy tables' triggers fill it.
    yield* runner.register(SYNC_JOB, (yield* SyncRunRecorder).recordPass(sync.handle))
    const retention = yield* SyncRunRetention
    yield* runner.register(SYNC_RUNS_PURGE_JOB, retention.handle)
    yield* runner.register(SYNC_DRY_RUN_JOB, (yield* SyncNow).handleDryRun)
    yield* runner.register(USER_TRANSFER_JOB, (yield* UserTransfers).handle)
    const mapping = yield* ClientMapping
    // The mapping report goes to every admin: the handler needs the Mailer of the runner's process.
    const mailer = yield* Mailer
    yield* runner.register(CLIENT_MAPPING_JOB, (job, context) =>
      Effect.provideService(mapping.handle(job, context), Mailer, mailer),
    )
    yield* runner.register(CLIENT_CONTACTS_JOB, mapping.handleContacts)
    yield* Effect.forkScoped(sync.scheduleReconciles)
    yield* Effect.forkScoped(retention.schedulePurges)
    // A trial ends by the clock: looked for every minute, so its status event goes out within one.
    const state = yield* IntegrationState
    yield* Effect.forkScoped(
      state.noticeExpiredTrials().pipe(
        Effect.catchAll((error) => Effect.logWarning("could not look for ended trials", error.message)),
        Effect.repeat(Schedule.spaced("1 minute")),
      ),
    )
  }),
)
