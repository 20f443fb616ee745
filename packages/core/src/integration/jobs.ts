/**
 * The integration's background work on a job runner: its job handlers, and the periodic reconcile
 * that catches what webhooks missed (SPEC §4.2). Any number of API processes may run it: the queue
 * leases each job to one runner and dedupes the reconcile per organization.
 */
import { Effect, Layer } from "effect"
import { JobRunner } from "../jobs/index.js"
import { PortalSync, SYNC_JOB } from "./sync/portal-sync.js"

export const IntegrationJobs = Layer.scopedDiscard(
  Effect.gen(function* () {
    const runner = yield* JobRunner
    const sync = yield* PortalSync
    yield* runner.register(SYNC_JOB, sync.handle)
    yield* Effect.forkScoped(sync.scheduleReconciles)
  }),
)
