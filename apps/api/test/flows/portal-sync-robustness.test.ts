/**
 * Sync is exact under faults and after a crash (SPEC §6): the CRM ends with exactly the portal's
 * projects — none lost, none duplicated — whatever the transport did and wherever the job stopped.
 */
import { IntegrationState, PortalSetup } from "@app/core/integration"
import { JobQueue, makeJobRunner } from "@app/core/jobs"
import { Database } from "@app/core/persistence"
import { ProjectsClient, serviceKey } from "@app/core/projects-client"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Duration, Effect, Fiber, Redacted, Schedule } from "effect"
import { as, drain, integrationTestLayer, mock, registerHandlers } from "./integration-harness.js"

const PROJECTS = 1_500

const portalOf = Effect.gen(function* () {
  const { control } = yield* mock
  const state = yield* Effect.promise(() => control.state())
  const portal = state.portals[0]
  if (!portal) throw new Error("seeded portal missing")
  const email = portal.owner?.email ?? ""
  const info = yield* Effect.promise(() => control.keys(email))
  return { portal, email, key: Redacted.make(info.key ?? "") }
})

/** Every project id the portal has, read without faults. */
const portalProjectIds = Effect.gen(function* () {
  const { portal, email, key } = yield* portalOf
  const api = yield* Effect.flatMap(ProjectsClient, (c) => c.connect(serviceKey(email, key)))
  const all = yield* api.listAllProjects(portal.id, { status: "all" })
  return all.map((p) => p.id).sort()
})

const copiedProjectIds = (organizationId: string) =>
  Effect.flatMap(Database, (db) =>
    db.execute<{ projects_id: string; n: number }>(
      sql`select projects_id, count(*)::int as n from integration_projects where organization_id = ${organizationId}::uuid group by projects_id order by projects_id`,
    ),
  )

/** Enables the integration and saves the seeded portal; the import job is queued, not run. */
const associate = Effect.gen(function* () {
  const { adminActor, organization } = yield* newOrganization()
  const { portal, email, key } = yield* portalOf
  yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
  const saved = yield* Effect.flatMap(PortalSetup, (setup) =>
    setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email, key } }),
  ).pipe(as(adminActor))
  return { adminActor, organizationId: organization.id, jobId: saved.importJob.id }
})

layer(integrationTestLayer({ seed: 7, projects: PROJECTS, clients: 40, clientUsers: 90, users: 8 }), {
  timeout: 120_000,
  excludeTestServices: true,
})("portal sync robustness", (it) => {
  it.effect("imports exactly the portal's projects through 5xx, 429, latency and a dropped connection", () =>
    Effect.gen(function* () {
      const { control } = yield* mock
      const expected = yield* portalProjectIds
      expect(expected).toHaveLength(PROJECTS)
      const { organizationId, jobId } = yield* associate
      yield* Effect.promise(async () => {
        await control.faults.add({
          kind: "status",
          method: "GET",
          path: "/api/v3/**",
          status: 500,
          probability: 0.1,
          seed: 1,
        })
        await control.faults.add({
          kind: "rate_limit",
          method: "GET",
          path: "/api/v3/**",
          retry_after: 1,
          probability: 0.05,
          seed: 2,
        })
        await control.faults.add({
          kind: "latency",
          path: "/api/v3/**",
          latency_ms: 25,
          probability: 0.3,
          seed: 3,
        })
        await control.faults.add({ kind: "drop", method: "GET", path: "/api/v3/portal/*/projects", count: 1 })
      })
      yield* drain.pipe(Effect.ensuring(Effect.promise(() => control.faults.clear())))
      const job = yield* Effect.flatMap(JobQueue, (q) => q.get(jobId))
      expect(job.status).toBe("succeeded")
      const copied = yield* copiedProjectIds(organizationId)
      expect(copied.every((row) => row.n === 1)).toBe(true)
      expect(copied.map((row) => row.projects_id)).toEqual(expected)
      const faulted = yield* Effect.promise(() => control.journal({ type: "request", status: 500 }))
      expect(faulted.length).toBeGreaterThan(0)
    }),
  )

  it.effect(
    "resumes an import whose runner died mid-way from its checkpoint, with nothing missing or duplicated",
    () =>
      Effect.gen(function* () {
        const { control } = yield* mock
        const expected = yield* portalProjectIds
        const { organizationId, jobId } = yield* associate
        const queue = yield* JobQueue
        // Slow project pages so the first runner is caught between two checkpoints.
        yield* Effect.promise(() =>
          control.faults.add({
            kind: "latency",
            method: "GET",
            path: "/api/v3/portal/*/projects",
            latency_ms: 150,
          }),
        )
        // A runner that dies stops renewing its lease: a short one lets the next runner take over soon.
        const first = yield* makeJobRunner({ owner: "first", leaseDuration: Duration.seconds(1) })
        yield* registerHandlers(first)
        const running = yield* Effect.fork(first.runOnce)
        yield* queue.get(jobId).pipe(
          Effect.repeat({
            schedule: Schedule.spaced(Duration.millis(20)),
            until: (job) => {
              const checkpoint = job.checkpoint as { phase?: string; list?: { page?: number } } | null
              return checkpoint?.phase === "projects" && (checkpoint.list?.page ?? 0) >= 5
            },
          }),
        )
        yield* Fiber.interrupt(running)
        yield* Effect.promise(() => control.faults.clear())
        const stopped = yield* queue.get(jobId)
        expect(stopped.status).toBe("running")
        const partial = yield* copiedProjectIds(organizationId)
        expect(partial.length).toBeGreaterThan(0)
        expect(partial.length).toBeLessThan(PROJECTS)

        yield* Effect.promise(() => control.clearJournal())
        const second = yield* makeJobRunner({ owner: "second" })
        yield* registerHandlers(second)
        // Polls until the dead runner's lease has expired and the job is taken over and finished.
        yield* second.runOnce.pipe(
          Effect.repeat({ schedule: Schedule.spaced(Duration.millis(100)), until: (ran) => ran > 0 }),
        )
        const done = yield* queue.get(jobId)
        expect(done.status).toBe("succeeded")
        // The second runner went on from the checkpoint instead of starting over (its checking read
        // starts again from page 1, after the end of the first read).
        const pages = yield* Effect.promise(() =>
          control.journal({ type: "request", method: "GET", path: "/api/v3/portal/*/projects" }),
        )
        const requested = pages.map((entry) => Number(entry.query?.page ?? "0"))
        const firstWindow = requested.slice(0, 4)
        expect(Math.min(...firstWindow)).toBeGreaterThanOrEqual(5)
        const copied = yield* copiedProjectIds(organizationId)
        expect(copied.every((row) => row.n === 1)).toBe(true)
        expect(copied.map((row) => row.projects_id)).toEqual(expected)
      }),
  )

  it.effect("runs each import once when two runners share the database", () =>
    Effect.gen(function* () {
      const expected = yield* portalProjectIds
      const a = yield* associate
      const b = yield* associate
      const one = yield* makeJobRunner({ owner: "one", concurrency: 2 })
      const two = yield* makeJobRunner({ owner: "two", concurrency: 2 })
      yield* registerHandlers(one)
      yield* registerHandlers(two)
      const [ranOne, ranTwo] = yield* Effect.all([one.runOnce, two.runOnce], { concurrency: 2 })
      expect(ranOne + ranTwo).toBe(2)
      const queue = yield* JobQueue
      for (const { jobId, organizationId } of [a, b]) {
        const job = yield* queue.get(jobId)
        expect(job).toMatchObject({ status: "succeeded", attempts: 1 })
        const copied = yield* copiedProjectIds(organizationId)
        expect(copied.map((row) => row.projects_id)).toEqual(expected)
      }
    }),
  )
})
