/**
 * People keep working in the portal while the CRM reads it: the scenario behind the mid-sync changes
 * suites. The portal's lists are positional, so objects created or deleted between two page reads
 * shift the pages. An import, then a reconcile, run under the mock's `portal_changes` fault with
 * random counts; the CRM must end equal to the portal with nothing lost, duplicated or wrongly removed.
 */
import { Deactivation, IntegrationState, PortalSetup, PortalSync } from "@app/core/integration"
import { JobQueue } from "@app/core/jobs"
import { Database } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import type { ControlClient } from "@app/mock-projects"
import { sql } from "drizzle-orm"
import { Effect, FastCheck, Redacted, Schedule } from "effect"
import { as, drain, mock } from "./integration-harness.js"

export const ENTITIES = ["projects", "clients", "users", "client_users"] as const
export type Entity = (typeof ENTITIES)[number]

export interface PortalSize {
  projects: number
  clients: number
  clientUsers: number
  users: number
}

/** One entity's changes while a pass reads: `hits` page reads each create `inserts` and delete `deletes`. */
export interface Changes {
  entity: Entity
  inserts: number
  deletes: number
  hits: number
  seed: number
}

export interface Scenario {
  portalSeed: number
  importChanges: Changes[]
  reconcileChanges: Changes[]
}

/** What a run found; every count but `changed` (objects created or deleted mid-read) must be 0. */
export interface Outcome {
  changed: number
  lost: number
  duplicated: number
  stale: number
  wronglyRemoved: number
  jobs: string[]
  passMs: number[]
  /** Lists still changing after every read of a pass: settled by confirming absences by id. */
  unsettledLists: number
}

const changesArb = (entity: Entity, maxChanges: number) =>
  FastCheck.record({
    entity: FastCheck.constant(entity),
    inserts: FastCheck.integer({ min: 0, max: maxChanges }),
    deletes: FastCheck.integer({ min: 0, max: maxChanges }),
    hits: FastCheck.integer({ min: 1, max: 12 }),
    seed: FastCheck.nat({ max: 2 ** 31 }),
  })

/** Projects change most (they are what users see); every paged list changes a little. */
export const scenarioArb = (maxProjectChanges: number) => {
  const all = FastCheck.tuple(
    changesArb("projects", maxProjectChanges),
    changesArb("clients", 3),
    changesArb("users", 2),
    changesArb("client_users", 3),
  ).map((changes) => changes.filter((c) => c.inserts + c.deletes > 0))
  return FastCheck.record({
    portalSeed: FastCheck.nat({ max: 10_000 }),
    importChanges: all,
    reconcileChanges: all,
  })
}

/**
 * A control API call. The mock runs in this process, whose event loop PGlite keeps busy for seconds:
 * a keep-alive socket the server closed just as it was reused resets, and the call is made again.
 */
const control = <A>(call: (c: ControlClient) => Promise<A>) =>
  Effect.flatMap(mock, (m) => Effect.tryPromise(() => call(m.control))).pipe(
    Effect.retry({ times: 3, schedule: Schedule.spaced("100 millis") }),
    Effect.orDie,
  )

const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((r) => r.id)

/** The portal as the emulator holds it: the truth the CRM is compared with (no paging involved). */
const portalTruth = Effect.gen(function* () {
  const handle = yield* mock
  const portal = [...handle.registry.get().state.portals.values()][0]
  if (portal === undefined) throw new Error("seeded portal missing")
  const members = [...portal.members.values()]
  return {
    projects: new Map([...portal.projects.values()].map((p) => [p.id, p.name])),
    clients: new Set(portal.clients.keys()),
    users: new Set(members.filter((m) => m.clientId === undefined).map((m) => m.zpuid)),
    client_users: new Set(members.filter((m) => m.clientId !== undefined).map((m) => m.zpuid)),
  }
})

const crmCopy = (organizationId: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    const projects = yield* db.execute<{ id: string; row: string; name: string }>(
      sql`select projects_id as id, id::text as row, name from integration_projects where organization_id = ${organizationId}::uuid`,
    )
    const clients = yield* db.execute<{ id: string }>(
      sql`select projects_id as id from integration_clients where organization_id = ${organizationId}::uuid`,
    )
    const users = yield* db.execute<{ id: string }>(
      sql`select zpuid as id from integration_portal_users where organization_id = ${organizationId}::uuid`,
    )
    const clientUsers = yield* db.execute<{ id: string }>(
      sql`select zpuid as id from integration_client_users where organization_id = ${organizationId}::uuid`,
    )
    return { projects, clients: ids(clients), users: ids(users), client_users: ids(clientUsers) }
  })

const addFaults = (changes: ReadonlyArray<Changes>) =>
  Effect.gen(function* () {
    for (const change of changes) {
      yield* control((c) =>
        c.faults.add({
          kind: "portal_changes",
          entity: change.entity,
          inserts: change.inserts,
          deletes: change.deletes,
          count: change.hits,
          seed: change.seed,
        }),
      )
    }
  })

/** Runs queued passes with the faults on, then compares the CRM with the portal (faults off). */
const passUnder = (
  changes: ReadonlyArray<Changes>,
  organizationId: string,
  jobId: string,
  outcome: Outcome,
) =>
  Effect.gen(function* () {
    const before = yield* crmCopy(organizationId)
    const truthBefore = yield* portalTruth
    yield* addFaults(changes)
    const startedAt = Date.now()
    yield* drain
    outcome.passMs.push(Date.now() - startedAt)
    const fired = yield* control((c) => c.faults.list())
    yield* control((c) => c.faults.clear())
    outcome.changed += fired.reduce(
      (n, f) => n + f.hits * ((f.changes?.inserts ?? 0) + (f.changes?.deletes ?? 0)),
      0,
    )
    const job = yield* Effect.flatMap(JobQueue, (q) => q.get(jobId))
    outcome.jobs.push(job.status)
    const result = job.result as { unsettled?: ReadonlyArray<string> } | null
    outcome.unsettledLists += result?.unsettled?.length ?? 0
    const truth = yield* portalTruth
    const after = yield* crmCopy(organizationId)

    const seen = new Map<string, number>()
    for (const p of after.projects) seen.set(p.id, (seen.get(p.id) ?? 0) + 1)
    outcome.duplicated += [...seen.values()].filter((n) => n > 1).length
    outcome.lost += [...truth.projects.keys()].filter((id) => !seen.has(id)).length
    outcome.stale += after.projects.filter((p) => !truth.projects.has(p.id)).length
    outcome.stale += after.projects.filter(
      (p) => truth.projects.has(p.id) && truth.projects.get(p.id) !== p.name,
    ).length
    for (const entity of ["clients", "users", "client_users"] as const) {
      const copy = new Set(after[entity])
      outcome.lost += [...truth[entity]].filter((id) => !copy.has(id)).length
      outcome.stale += after[entity].filter((id) => !truth[entity].has(id)).length
      outcome.duplicated += after[entity].length - copy.size
    }
    // A project the portal kept throughout keeps its CRM row: removing and re-adding it would drop its links.
    const rowAfter = new Map(after.projects.map((p) => [p.id, p.row]))
    outcome.wronglyRemoved += before.projects.filter(
      (p) => truthBefore.projects.has(p.id) && truth.projects.has(p.id) && rowAfter.get(p.id) !== p.row,
    ).length
  })

/** Seeds the portal, imports it and reconciles it, each under its own changes. */
export const runScenario = (size: PortalSize, scenario: Scenario) =>
  Effect.gen(function* () {
    yield* control((c) => c.faults.clear())
    yield* control((c) => c.seed({ seed: scenario.portalSeed, portals: 1, customFields: 2, ...size }))
    const state = yield* control((c) => c.state())
    const portal = state.portals[0]
    if (portal === undefined) throw new Error("seeded portal missing")
    const email = portal.owner?.email ?? ""
    const key = Redacted.make((yield* control((c) => c.keys(email))).key ?? "")
    const { adminActor, organization } = yield* newOrganization()
    yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
    const saved = yield* Effect.flatMap(PortalSetup, (setup) =>
      setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email, key } }),
    ).pipe(as(adminActor))
    const outcome: Outcome = {
      changed: 0,
      lost: 0,
      duplicated: 0,
      stale: 0,
      wronglyRemoved: 0,
      jobs: [],
      passMs: [],
      unsettledLists: 0,
    }
    yield* passUnder(scenario.importChanges, organization.id, saved.importJob.id, outcome)

    const db = yield* Database
    const [row] = yield* db.execute<{ association_id: string }>(
      sql`select association_id from integrations where organization_id = ${organization.id}::uuid`,
    )
    const reconcile = yield* Effect.flatMap(PortalSync, (sync) =>
      sync.enqueue("reconcile", row?.association_id ?? ""),
    ).pipe(as(adminActor))
    yield* passUnder(scenario.reconcileChanges, organization.id, reconcile.id, outcome)
    // The next run reseeds the portal, whose webhook ids start over: this organization lets go of it.
    yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(as(adminActor))
    return outcome
  })

export const summary = (runs: ReadonlyArray<Outcome>) => ({
  runs: runs.length,
  changed: runs.reduce((n, r) => n + r.changed, 0),
  lost: runs.reduce((n, r) => n + r.lost, 0),
  duplicated: runs.reduce((n, r) => n + r.duplicated, 0),
  stale: runs.reduce((n, r) => n + r.stale, 0),
  wronglyRemoved: runs.reduce((n, r) => n + r.wronglyRemoved, 0),
  failedJobs: runs.reduce((n, r) => n + r.jobs.filter((s) => s !== "succeeded").length, 0),
  unsettledLists: runs.reduce((n, r) => n + r.unsettledLists, 0),
})
