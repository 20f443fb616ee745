/**
 * Objects created and deleted in the portal while an import or a reconcile pages through it: the CRM
 * ends equal to the portal, nothing lost, duplicated or wrongly removed. A few random scenarios here;
 * `pnpm test:robustness` runs many more on a 20,000-project portal.
 *
 * The light run keeps the paging of a large portal with few objects: pages of 25 instead of 200, so
 * 150 projects make 6 pages in 2 windows of 4, and every list spans pages, as 900 projects did with
 * pages of 200; changes are scaled to the page (up to 5 projects created and 5 deleted per read,
 * as 40 were for 200).
 */
import { expect, layer } from "@effect/vitest"
import { Effect, FastCheck, Runtime } from "effect"
import { integrationTestLayer } from "./integration-harness.js"
import { type Outcome, runScenario, scenarioArb, summary } from "./mid-sync-changes.js"

const PAGE = 25
const SIZE = { projects: 150, clients: 30, clientUsers: 40, users: 8 }
const seedOf = (raw: string | undefined) => (raw === undefined || raw === "" ? undefined : Number(raw))

layer(integrationTestLayer({ seed: 3, projects: 10 }, { syncPageSize: PAGE }), {
  timeout: 300_000,
  excludeTestServices: true,
})("portal changed mid-sync", (it) => {
  it.effect(
    "ends every import and reconcile with the CRM equal to the portal, whatever changed mid-read",
    () =>
      Effect.gen(function* () {
        const runtime = yield* Effect.runtime<Effect.Effect.Context<ReturnType<typeof runScenario>>>()
        const outcomes: Outcome[] = []
        yield* Effect.promise(() =>
          FastCheck.assert(
            FastCheck.asyncProperty(scenarioArb(5), async (scenario) => {
              const outcome = await Runtime.runPromise(runtime)(runScenario(SIZE, scenario))
              outcomes.push(outcome)
              const { lost, duplicated, stale, wronglyRemoved, jobs } = outcome
              expect({ lost, duplicated, stale, wronglyRemoved, jobs }).toEqual({
                lost: 0,
                duplicated: 0,
                stale: 0,
                wronglyRemoved: 0,
                jobs: ["succeeded", "succeeded"],
              })
            }),
            { numRuns: 2, endOnFailure: true, seed: seedOf(process.env.SYNC_ROBUSTNESS_SEED) },
          ),
        )
        const total = summary(outcomes)
        expect(total.changed).toBeGreaterThan(0)
      }),
    300_000,
  )

  it.effect(
    "removes only what the portal confirms gone by id when a list never holds still",
    () =>
      Effect.gen(function* () {
        // A project deleted before every page read, through all five reads of the reconcile.
        const outcome = yield* runScenario(SIZE, {
          portalSeed: 5,
          importChanges: [],
          reconcileChanges: [{ entity: "projects", inserts: 0, deletes: 1, hits: 60, seed: 3 }],
        })
        expect(outcome.unsettledLists).toBe(1)
        const { lost, duplicated, wronglyRemoved, jobs } = outcome
        expect({ lost, duplicated, wronglyRemoved, jobs }).toEqual({
          lost: 0,
          duplicated: 0,
          wronglyRemoved: 0,
          jobs: ["succeeded", "succeeded"],
        })
        // Only projects deleted after the last read saw them may linger, until the next pass: one
        // per page request of that read (two windows of four).
        expect(outcome.stale).toBeLessThanOrEqual(8)
      }),
    300_000,
  )
})
