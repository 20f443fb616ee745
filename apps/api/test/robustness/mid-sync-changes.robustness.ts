/**
 * The heavy run of the mid-sync changes suite: imports and reconciles of a 20,000-project portal
 * while its projects, clients and users are created and deleted between page reads, over many
 * random seeds. Prints the figures; `SYNC_ROBUSTNESS_RUNS`, `SYNC_ROBUSTNESS_PROJECTS` and
 * `SYNC_ROBUSTNESS_SEED` (replays a failure) change the run.
 */
import { expect, layer } from "@effect/vitest"
import { Effect, FastCheck, Runtime } from "effect"
import { integrationTestLayer } from "../flows/integration-harness.js"
import { type Outcome, runScenario, scenarioArb, summary } from "../flows/mid-sync-changes.js"

const number = (raw: string | undefined, fallback: number) =>
  raw === undefined || raw === "" ? fallback : Number(raw)
const RUNS = number(process.env.SYNC_ROBUSTNESS_RUNS, 6)
const SIZE = {
  projects: number(process.env.SYNC_ROBUSTNESS_PROJECTS, 20_000),
  clients: 400,
  clientUsers: 600,
  users: 60,
}
const SEED = number(process.env.SYNC_ROBUSTNESS_SEED, Date.now() % 2 ** 31)

layer(integrationTestLayer({ seed: 3, projects: 10 }), { timeout: 1_800_000, excludeTestServices: true })(
  "portal changed mid-sync, at scale",
  (it) => {
    it.effect(
      "ends every import and reconcile of a 20,000-project portal with the CRM equal to the portal",
      () =>
        Effect.gen(function* () {
          const runtime = yield* Effect.runtime<Effect.Effect.Context<ReturnType<typeof runScenario>>>()
          const outcomes: Outcome[] = []
          const startedAt = Date.now()
          const run = FastCheck.check(
            FastCheck.asyncProperty(scenarioArb(150), async (scenario) => {
              const outcome = await Runtime.runPromise(runtime)(runScenario(SIZE, scenario))
              outcomes.push(outcome)
              return (
                outcome.lost + outcome.duplicated + outcome.stale + outcome.wronglyRemoved === 0 &&
                outcome.jobs.every((status) => status === "succeeded")
              )
            }),
            { numRuns: RUNS, endOnFailure: true, seed: SEED },
          )
          const details = yield* Effect.promise(() => run)
          const figures = {
            suite: "sync integrity: portal changed mid-sync",
            database: process.env.DATABASE_URL ? "postgresql" : "pglite",
            seed: SEED,
            projects: SIZE.projects,
            ...summary(outcomes),
            passes: outcomes.flatMap((o) => o.passMs).length,
            slowestPassMs: Math.max(0, ...outcomes.flatMap((o) => o.passMs)),
            totalSeconds: Math.round((Date.now() - startedAt) / 1000),
            ...(details.failed
              ? {
                  failure: details.counterexample,
                  error: String(details.errorInstance ?? "the CRM differed from the portal").slice(0, 2000),
                  replay: `SYNC_ROBUSTNESS_SEED=${SEED}`,
                }
              : {}),
          }
          process.stdout.write(`${JSON.stringify(figures)}\n`)
          expect(details.failed).toBe(false)
        }),
      1_800_000,
    )
  },
)
