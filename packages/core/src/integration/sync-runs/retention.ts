/**
 * How long sync runs are kept (SPEC §4.9: "kept for a configurable retention", default 90 days) and
 * the daily job that purges older ones. Any number of processes may schedule it: the queue dedupes.
 */
import { Duration, Effect, Schedule } from "effect"
import { SyncRunsEnv } from "../../config/index.js"
import { JobQueue } from "../../jobs/index.js"
import { SyncRuns } from "./sync-runs.js"

export const SYNC_RUNS_PURGE_JOB = "integration.sync-runs.purge"

export class SyncRunsConfig extends Effect.Service<SyncRunsConfig>()("@app/core/integration/SyncRunsConfig", {
  // A malformed duration stops the process at start, naming the variable.
  effect: Effect.orDie(SyncRunsEnv),
}) {
  static readonly with = (settings: { retention?: Duration.Duration; purgeEvery?: Duration.Duration }) =>
    SyncRunsConfig.make({
      retention: settings.retention ?? Duration.days(90),
      purgeEvery: settings.purgeEvery ?? Duration.hours(24),
    })
}

export class SyncRunRetention extends Effect.Service<SyncRunRetention>()(
  "@app/core/integration/SyncRunRetention",
  {
    effect: Effect.gen(function* () {
      const runs = yield* SyncRuns
      const queue = yield* JobQueue
      const config = yield* SyncRunsConfig

      /** The purge job's handler. */
      const handle = () => Effect.map(runs.purge(config.retention), (purged) => ({ purged }))

      const enqueuePurge = queue.enqueue({
        kind: SYNC_RUNS_PURGE_JOB,
        payload: null,
        dedupeKey: SYNC_RUNS_PURGE_JOB,
        maxAttempts: 3,
      })

      /** Queues a purge at start and then every `purgeEvery` for as long as the scope lives. */
      const schedulePurges = enqueuePurge.pipe(
        Effect.catchAll((error) => Effect.logWarning("could not queue the sync run purge", error.message)),
        Effect.repeat(Schedule.spaced(config.purgeEvery)),
      )

      return { handle, enqueuePurge, schedulePurges } as const
    }),
  },
) {}
