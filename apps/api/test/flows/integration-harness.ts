/**
 * Harness for integration flows: the real core services on a test database, the mock Projects server
 * over HTTP on an ephemeral port, and a job runner the test drives (`drain`) instead of polling.
 */
import { type Actor, actingAs, Organizations, UserChanges, Users } from "@app/core/crm"
import {
  IntegrationConfig,
  IntegrationLayer,
  type IntegrationSettings,
  PortalSync,
  SYNC_DRY_RUN_JOB,
  SYNC_JOB,
  SyncNow,
  SyncRunRecorder,
} from "@app/core/integration"
import { JobQueue, JobRunner, type JobRunnerShape } from "@app/core/jobs"
import { ProjectsClient, ProjectsClientConfig } from "@app/core/projects-client"
import { TestDatabase, TestSecrets } from "@app/core/test"
import { MockProjects, type MockProjectsHandle, type MockProjectsOptions } from "@app/mock-projects"
import { Duration, Effect, Layer, Schedule } from "effect"

const servicesFor = (mock: MockProjectsHandle, settings: Partial<IntegrationSettings> = {}) => {
  const platform = Layer.mergeAll(
    ProjectsClient.DefaultWithoutDependencies.pipe(
      Layer.provide(
        Layer.succeed(
          ProjectsClientConfig,
          ProjectsClientConfig.with({
            apiUrl: mock.url,
            accountsUrl: mock.url,
            baseDelay: Duration.millis(5),
            maxDelay: Duration.millis(50),
          }),
        ),
      ),
    ),
    Layer.succeed(
      IntegrationConfig,
      IntegrationConfig.with({ ...settings, publicUrl: "http://127.0.0.1:9" }),
    ),
    JobQueue.Default,
    TestSecrets,
  )
  const runner = JobRunner.layer({ retryBaseDelay: Duration.millis(1), retryMaxDelay: Duration.millis(5) })
  const crm = Layer.mergeAll(Organizations.Default, Users.Default).pipe(
    Layer.provideMerge(UserChanges.Default),
  )
  return Layer.mergeAll(IntegrationLayer, runner, crm).pipe(
    Layer.provideMerge(platform),
    Layer.provideMerge(TestDatabase),
  )
}

/** The integration on a test database of its own, against a mock Projects server of its own. */
export const integrationTestLayer = (
  mockOptions: MockProjectsOptions = { demo: true },
  settings: Partial<IntegrationSettings> = {},
) =>
  Layer.unwrapEffect(Effect.map(MockProjects, (handle) => servicesFor(handle, settings))).pipe(
    Layer.provideMerge(MockProjects.layer(mockOptions)),
  )

/** … with the mock's demo seed (a portal whose clients match the CRM demo accounts). */
export const IntegrationTestLayer = integrationTestLayer()

/** The mock's control handle. */
export const mock = MockProjects

/** Registers the integration's job handlers on `runner`. */
export const registerHandlers = (runner: JobRunnerShape) =>
  Effect.gen(function* () {
    const sync = yield* PortalSync
    const recorder = yield* SyncRunRecorder
    yield* runner.register(SYNC_JOB, recorder.recordPass(sync.handle))
    yield* runner.register(SYNC_DRY_RUN_JOB, (yield* SyncNow).handleDryRun)
  })

/** Registers the integration's job handlers, then runs jobs until none is ready. */
export const drain = Effect.gen(function* () {
  const runner = yield* JobRunner
  yield* registerHandlers(runner)
  let ran = 0
  for (let i = 0; i < 50; i++) {
    const n = yield* runner.runOnce
    if (n === 0) break
    ran += n
  }
  return ran
})

export const as = (actor: Actor) => actingAs({ ...actor, via: "session" })

/**
 * A call to the in-process mock's control API. PGlite can keep this process's event loop busy long
 * enough for the mock to close a keep-alive socket just as it is reused: the reset call is made again.
 */
export const control = <A>(call: () => Promise<A>) =>
  Effect.tryPromise(call).pipe(
    Effect.retry({ times: 3, schedule: Schedule.spaced("100 millis") }),
    Effect.orDie,
  )
