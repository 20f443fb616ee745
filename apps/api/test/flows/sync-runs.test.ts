/**
 * Sync runs as records: the import and a reconcile after known changes in the portal (made through the
 * mock's REST API and control API) are runs whose items say, field by field, what changed.
 */
import {
  AuditLog,
  Deactivation,
  IntegrationState,
  PortalSetup,
  PortalSync,
  ProjectHistory,
  ProjectWrites,
  SyncNow,
  SyncRuns,
  SyncRunUndo,
} from "@app/core/integration"
import { JobQueue } from "@app/core/jobs"
import { Database } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Duration, Effect, Redacted } from "effect"
import { as, drain, integrationTestLayer, mock } from "./integration-harness.js"

const SIZE = { seed: 21, portals: 1, projects: 6, clients: 2, clientUsers: 2, users: 3, customFields: 1 }

interface WireProject {
  id: string
  name: string
  end_date?: string
}

/** A portal seeded with SIZE, and an organization that imported it (drained). */
let previous: Parameters<typeof as>[0] | undefined

const imported = Effect.gen(function* () {
  const m = yield* mock
  // The reseeded portal's webhook ids start over: the previous test's organization lets go of it.
  if (previous !== undefined) yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(as(previous))
  yield* Effect.promise(() => m.control.seed(SIZE))
  const state = yield* Effect.promise(() => m.control.state())
  const portal = state.portals[0]
  if (portal === undefined) throw new Error("seeded portal missing")
  const email = portal.owner?.email ?? ""
  const key = Redacted.make((yield* Effect.promise(() => m.control.keys(email))).key ?? "")
  const { adminActor, organization } = yield* newOrganization()
  yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
  const saved = yield* Effect.flatMap(PortalSetup, (setup) =>
    setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email, key } }),
  ).pipe(as(adminActor))
  yield* drain
  previous = adminActor
  const token = (yield* Effect.promise(() => m.control.tokens(email))).access_token
  const call = <T>(method: string, path: string, body?: unknown) =>
    Effect.promise(async () => {
      const res = await fetch(`${m.url}/api/v3/portal/${portal.id}${path}`, {
        method,
        headers: { authorization: `Zoho-oauthtoken ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return (res.status === 204 ? null : await res.json()) as T
    })
  return { adminActor, organization, importJobId: saved.importJob.id, call }
})

const reconcile = (adminActor: Parameters<typeof as>[0], organizationId: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    const [row] = yield* db.execute<{ association_id: string }>(
      sql`select association_id from integrations where organization_id = ${organizationId}::uuid`,
    )
    const job = yield* Effect.flatMap(PortalSync, (sync) =>
      sync.enqueue("reconcile", row?.association_id ?? ""),
    ).pipe(as(adminActor))
    yield* drain
    return job
  })

layer(integrationTestLayer({ seed: 3, projects: 4 }), { timeout: 120_000, excludeTestServices: true })(
  "sync runs",
  (it) => {
    it.effect("records the import as a run that created every project, client and user", () =>
      Effect.gen(function* () {
        const { adminActor, importJobId, call } = yield* imported
        const portalProjects = yield* call<WireProject[]>("GET", "/projects?per_page=200&status=all")
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))
        expect(runs.items).toHaveLength(1)
        const run = runs.items[0]
        expect(run).toMatchObject({
          trigger: "import",
          status: "succeeded",
          jobId: importJobId,
          startedBy: { userId: adminActor.userId, label: `${adminActor.name} <${adminActor.email}>` },
        })
        expect(run?.endedAt).not.toBeNull()
        const items = yield* Effect.flatMap(SyncRuns, (r) =>
          r.items(run?.id ?? "", { entity: "project", limit: 500 }),
        ).pipe(as(adminActor))
        expect(items.items.map((i) => [i.key, i.name, i.outcome]).sort()).toEqual(
          portalProjects.map((p) => [p.id, p.name, "created"]).sort(),
        )
        const all = yield* Effect.flatMap(SyncRuns, (r) => r.items(run?.id ?? "", { limit: 500 })).pipe(
          as(adminActor),
        )
        const byEntity = (entity: string) => all.items.filter((i) => i.entity === entity).length
        expect({
          projects: byEntity("project"),
          clients: byEntity("client"),
          clientUsers: byEntity("client_user"),
        }).toEqual({ projects: SIZE.projects, clients: SIZE.clients, clientUsers: SIZE.clientUsers })
        // The owner and the seeded users are portal users; every one was created by this run.
        expect(byEntity("portal_user")).toBeGreaterThanOrEqual(SIZE.users)
        expect(run?.counts).toEqual({
          created: all.items.length,
          updated: 0,
          removed: 0,
          unchanged: 0,
          failed: 0,
        })
      }),
    )

    it.effect("records a reconcile's changes field by field, and searches them", () =>
      Effect.gen(function* () {
        const { adminActor, organization, call } = yield* imported
        const projects = yield* call<WireProject[]>("GET", "/projects?per_page=200&status=all")
        const [renamed, removed] = projects
        if (renamed === undefined || removed === undefined) throw new Error("seed too small")
        yield* call("PATCH", `/projects/${renamed.id}`, {
          name: "Renamed in the portal",
          end_date: "2099-03-01",
        })
        yield* call("DELETE", `/projects/${removed.id}`)
        const created = yield* call<WireProject>("POST", "/projects", { name: "Created in the portal" })

        const job = yield* reconcile(adminActor, organization.id)
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))
        const run = runs.items[0]
        expect(run).toMatchObject({ trigger: "reconcile", status: "succeeded", jobId: job.id })
        expect(run?.startedBy.label).toBe("schedule")
        const items = yield* Effect.flatMap(SyncRuns, (r) =>
          r.items(run?.id ?? "", { entity: "project" }),
        ).pipe(as(adminActor))
        const byKey = new Map(items.items.map((i) => [i.key, i]))
        const update = byKey.get(renamed.id)
        expect(update?.outcome).toBe("updated")
        expect(update?.name).toBe("Renamed in the portal")
        const changed = new Map(update?.changes.map((c) => [c.field, c]))
        expect(changed.get("name")).toEqual({
          field: "name",
          before: renamed.name,
          after: "Renamed in the portal",
        })
        expect(changed.get("end_date")).toEqual({
          field: "end_date",
          before: renamed.end_date ?? null,
          after: "2099-03-01",
        })
        expect(byKey.get(removed.id)).toMatchObject({ outcome: "removed", name: removed.name, changes: [] })
        expect(byKey.get(created.id)).toMatchObject({ outcome: "created", name: "Created in the portal" })
        expect(items.items).toHaveLength(3)
        // The removed project's client (if it had one) lists one project fewer: the portal says so too.
        const clients = yield* Effect.flatMap(SyncRuns, (r) =>
          r.items(run?.id ?? "", { outcome: "updated", entity: "client" }),
        ).pipe(as(adminActor))
        for (const client of clients.items) {
          const count = client.changes.find((c) => c.field === "projects_count")
          expect(Number(count?.after)).toBe(Number(count?.before) - 1)
        }
        expect(run?.counts).toMatchObject({
          created: 1,
          updated: 1 + clients.items.length,
          removed: 1,
          failed: 0,
        })
        // Everything else the copy holds went through the pass unchanged.
        const db = yield* Database
        const [copy] = yield* db.execute<{ n: number }>(
          sql`select ((select count(*) from integration_projects where organization_id = ${organization.id}::uuid)
            + (select count(*) from integration_clients where organization_id = ${organization.id}::uuid)
            + (select count(*) from integration_client_users where organization_id = ${organization.id}::uuid)
            + (select count(*) from integration_portal_users where organization_id = ${organization.id}::uuid))::int as n`,
        )
        expect(run?.counts.unchanged).toBe((copy?.n ?? 0) - 2 - clients.items.length)

        const search = (filter: Parameters<SyncRuns["items"]>[1]) =>
          Effect.flatMap(SyncRuns, (r) => r.items(run?.id ?? "", filter)).pipe(
            as(adminActor),
            Effect.map((page) => page.items.map((i) => i.key)),
          )
        expect(yield* search({ field: "end_date" })).toEqual([renamed.id])
        expect(yield* search({ outcome: "removed" })).toEqual([removed.id])
        expect(yield* search({ object: "renamed in" })).toEqual([renamed.id])
        expect(yield* search({ object: created.id })).toEqual([created.id])
        expect(yield* search({ to: new Date("2000-01-01") })).toEqual([])
        // Across runs: the project's whole story, oldest first.
        const story = yield* Effect.flatMap(SyncRuns, (r) => r.items(undefined, { object: renamed.id })).pipe(
          as(adminActor),
        )
        expect(story.items.map((i) => i.outcome)).toEqual(["created", "updated"])
      }),
    )

    it.effect("pages runs newest first and refuses a cursor it did not give", () =>
      Effect.gen(function* () {
        const { adminActor, organization } = yield* imported
        yield* reconcile(adminActor, organization.id)
        yield* reconcile(adminActor, organization.id)
        const first = yield* Effect.flatMap(SyncRuns, (r) => r.list({ limit: 2 })).pipe(as(adminActor))
        expect(first.items.map((r) => r.trigger)).toEqual(["reconcile", "reconcile"])
        const second = yield* Effect.flatMap(SyncRuns, (r) =>
          r.list({ limit: 2, cursor: first.nextCursor ?? "" }),
        ).pipe(as(adminActor))
        expect(second.items.map((r) => r.trigger)).toEqual(["import"])
        expect(second.nextCursor).toBeNull()
        // Nothing changed in the portal: the second reconcile touched nothing.
        expect(first.items[0]?.counts).toMatchObject({ created: 0, updated: 0, removed: 0, failed: 0 })
        expect(first.items[0]?.counts.unchanged).toBeGreaterThan(SIZE.projects)
        const refused = yield* Effect.flatMap(SyncRuns, (r) => r.list({ cursor: "bm90IGEgbnVtYmVy" })).pipe(
          as(adminActor),
          Effect.flip,
        )
        expect(refused._tag).toBe("CursorInvalid")
        const filtered = yield* Effect.flatMap(SyncRuns, (r) => r.list({ trigger: "import" })).pipe(
          as(adminActor),
        )
        expect(filtered.items).toHaveLength(1)
      }),
    )

    it.effect("purges runs that ended longer ago than the retention, with their items", () =>
      Effect.gen(function* () {
        const { adminActor, organization } = yield* imported
        yield* reconcile(adminActor, organization.id)
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))
        const importRun = runs.items.find((r) => r.trigger === "import")
        const db = yield* Database
        yield* db.execute(
          sql`update sync_runs set ended_at = now() - interval '91 days' where id = ${importRun?.id ?? ""}::uuid`,
        )
        const purged = yield* Effect.flatMap(SyncRuns, (r) => r.purge(Duration.days(90)))
        expect(purged).toBeGreaterThanOrEqual(1)
        const after = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))
        expect(after.items.map((r) => r.trigger)).toEqual(["reconcile"])
        const [left] = yield* db.execute<{ n: number }>(
          sql`select count(*)::int as n from sync_run_items where run_id = ${importRun?.id ?? ""}::uuid`,
        )
        expect(left?.n).toBe(0)
        const notFound = yield* Effect.flatMap(SyncRuns, (r) => r.get(importRun?.id ?? "")).pipe(
          as(adminActor),
          Effect.flip,
        )
        expect(notFound._tag).toBe("SyncRunNotFound")
      }),
    )

    it.effect("Sync now starts a reconcile at once as a run of its own, for administrators only", () =>
      Effect.gen(function* () {
        const { adminActor, call } = yield* imported
        const projects = yield* call<WireProject[]>("GET", "/projects?per_page=200&status=all")
        const target = projects[0]
        if (target === undefined) throw new Error("seed too small")
        yield* call("PATCH", `/projects/${target.id}`, { name: "Changed before Sync now" })
        const refused = yield* Effect.flatMap(SyncNow, (s) => s.start()).pipe(
          as({ ...adminActor, isAdmin: false }),
          Effect.flip,
        )
        expect(refused._tag).toBe("NotAdministrator")
        const started = yield* Effect.flatMap(SyncNow, (s) => s.start()).pipe(as(adminActor))
        expect(started.run).toMatchObject({
          trigger: "sync-now",
          status: "running",
          jobId: started.job.id,
          startedBy: { userId: adminActor.userId, label: `${adminActor.name} <${adminActor.email}>` },
        })
        yield* drain
        const job = yield* Effect.flatMap(JobQueue, (q) => q.get(started.job.id))
        expect(job.status).toBe("succeeded")
        expect(job.result).toMatchObject({ run: { id: started.run.id, number: started.run.number } })
        const run = yield* Effect.flatMap(SyncRuns, (r) => r.get(started.run.id)).pipe(as(adminActor))
        expect(run).toMatchObject({ status: "succeeded", trigger: "sync-now" })
        const items = yield* Effect.flatMap(SyncRuns, (r) => r.items(run.id, { entity: "project" })).pipe(
          as(adminActor),
        )
        expect(items.items.map((i) => [i.key, i.outcome, i.changes.find((c) => c.field === "name")])).toEqual(
          [[target.id, "updated", { field: "name", before: target.name, after: "Changed before Sync now" }]],
        )
      }),
    )

    it.effect("a dry run lists what a reconcile would change without writing it", () =>
      Effect.gen(function* () {
        const { adminActor, organization, call } = yield* imported
        const projects = yield* call<WireProject[]>("GET", "/projects?per_page=200&status=all")
        const [renamed, removed] = projects
        if (renamed === undefined || removed === undefined) throw new Error("seed too small")
        yield* call("PATCH", `/projects/${renamed.id}`, { name: "Renamed for the dry run" })
        yield* call("DELETE", `/projects/${removed.id}`)
        const created = yield* call<WireProject>("POST", "/projects", { name: "New for the dry run" })
        const db = yield* Database
        const fingerprint = db.execute<{ f: string }>(
          sql`select md5(string_agg(to_jsonb(p)::text, ',' order by projects_id)) as f from integration_projects p where organization_id = ${organization.id}::uuid`,
        )
        const before = yield* fingerprint
        const runsBefore = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))

        const queued = yield* Effect.flatMap(SyncNow, (s) => s.dryRun()).pipe(as(adminActor))
        yield* drain
        const job = yield* Effect.flatMap(JobQueue, (q) => q.get(queued.id))
        expect(job.status).toBe("succeeded")
        const result = job.result as {
          counts: { created: number; updated: number; removed: number; unchanged: number }
          items: Array<{ entity: string; key: string; outcome: string; changes: unknown[] }>
          truncated: boolean
        }
        const projectItems = result.items.filter((i) => i.entity === "project")
        expect(projectItems.map((i) => [i.key, i.outcome]).sort()).toEqual(
          [
            [renamed.id, "updated"],
            [removed.id, "removed"],
            [created.id, "created"],
          ].sort(),
        )
        expect(projectItems.find((i) => i.key === renamed.id)?.changes).toContainEqual({
          field: "name",
          before: renamed.name,
          after: "Renamed for the dry run",
        })
        expect(result.truncated).toBe(false)
        // Nothing written: the copy and the runs are as they were.
        expect(yield* fingerprint).toEqual(before)
        const runsAfter = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))
        expect(runsAfter.items.map((r) => r.id)).toEqual(runsBefore.items.map((r) => r.id))
        // The reconcile then does what the dry run said.
        yield* reconcile(adminActor, organization.id)
        const latest = (yield* Effect.flatMap(SyncRuns, (r) => r.list({ limit: 1 })).pipe(as(adminActor)))
          .items[0]
        expect(latest?.counts).toMatchObject({
          created: result.counts.created,
          updated: result.counts.updated,
          removed: result.counts.removed,
        })
      }),
    )

    it.effect("a project's history says where each field's value came from, and its earlier values", () =>
      Effect.gen(function* () {
        const { adminActor, organization, call } = yield* imported
        const projects = yield* call<WireProject[]>("GET", "/projects?per_page=200&status=all")
        const target = projects[0]
        if (target === undefined) throw new Error("seed too small")
        yield* Effect.flatMap(ProjectWrites, (w) =>
          w.update(target.id, { values: { name: "Edited in the CRM" } }),
        ).pipe(as(adminActor))
        yield* call("PATCH", `/projects/${target.id}`, { name: "Renamed in the portal" })
        yield* reconcile(adminActor, organization.id)
        const runs = yield* Effect.flatMap(SyncRuns, (r) => r.list({})).pipe(as(adminActor))
        // The CRM edit is the project's history, not a sync run of the list.
        expect(runs.items.map((r) => r.trigger)).toEqual(["reconcile", "import"])
        const [reconcileRun, importRun] = runs.items

        const history = yield* Effect.flatMap(ProjectHistory, (h) => h.forProject(target.id)).pipe(
          as(adminActor),
        )
        const name = history.fields.find((f) => f.field === "name")
        expect(name?.value).toBe("Renamed in the portal")
        expect(name?.origin).toMatchObject({ kind: "portal", runId: reconcileRun?.id, trigger: "reconcile" })
        expect(name?.earlier.map((e) => [e.value, e.origin?.kind, e.origin?.by])).toEqual([
          ["Edited in the CRM", "crm-edit", adminActor.name],
          [target.name, "portal", `${adminActor.name}`],
        ])
        expect(name?.earlier[1]?.origin).toMatchObject({ runId: importRun?.id, trigger: "import" })
        // A field nobody changed since the import keeps the import as its origin.
        const key = history.fields.find((f) => f.field === "key")
        expect(key?.origin).toMatchObject({ kind: "portal", runId: importRun?.id })
        expect(key?.earlier).toEqual([])
        // Anyone who may not view projects may not read it either.
        const refused = yield* Effect.flatMap(ProjectHistory, (h) => h.forProject(target.id)).pipe(
          as({ ...adminActor, isAdmin: false }),
          Effect.flip,
        )
        expect(refused._tag).toBe("ProjectPermissionDenied")
      }),
    )

    it.effect("undoes a reconcile: the CRM as before it, except what the portal changed since, listed", () =>
      Effect.gen(function* () {
        const { adminActor, organization, call } = yield* imported
        const db = yield* Database
        // Every row of the copy, by table and key; `synced_at` is when a pass last saw a row, not data.
        const fingerprint = Effect.gen(function* () {
          const rows = yield* db.execute<{ k: string; row: string }>(sql`
            select 'project:' || projects_id as k, (to_jsonb(t) - 'synced_at')::text as row from integration_projects t where organization_id = ${organization.id}::uuid
            union all select 'client:' || projects_id, (to_jsonb(t) - 'synced_at')::text from integration_clients t where organization_id = ${organization.id}::uuid
            union all select 'client_user:' || zpuid, (to_jsonb(t) - 'synced_at')::text from integration_client_users t where organization_id = ${organization.id}::uuid
            union all select 'portal_user:' || zpuid, (to_jsonb(t) - 'synced_at')::text from integration_portal_users t where organization_id = ${organization.id}::uuid`)
          return new Map(rows.map((r) => [r.k, r.row]))
        })
        const projects = yield* call<WireProject[]>("GET", "/projects?per_page=200&status=all")
        const [renamed, removed, later] = projects
        if (renamed === undefined || removed === undefined || later === undefined)
          throw new Error("seed too small")
        const before = yield* fingerprint

        yield* call("PATCH", `/projects/${renamed.id}`, { name: "Renamed before the run" })
        yield* call("PATCH", `/projects/${later.id}`, { name: "Changed in the run, then again" })
        yield* call("DELETE", `/projects/${removed.id}`)
        const created = yield* call<WireProject>("POST", "/projects", { name: "Created before the run" })
        yield* reconcile(adminActor, organization.id)
        const run = (yield* Effect.flatMap(SyncRuns, (r) => r.list({ limit: 1 })).pipe(as(adminActor)))
          .items[0]
        // The portal changes one of them again, and the next run brings that in.
        yield* call("PATCH", `/projects/${later.id}`, { name: "Changed after the run" })
        yield* reconcile(adminActor, organization.id)
        const next = (yield* Effect.flatMap(SyncRuns, (r) => r.list({ limit: 1 })).pipe(as(adminActor)))
          .items[0]

        const preview = yield* Effect.flatMap(SyncRunUndo, (u) => u.preview(run?.id ?? "")).pipe(
          as(adminActor),
        )
        const plan = new Map(preview.revertible.map((s) => [`${s.entity}:${s.key}`, s.action]))
        expect(plan.get(`project:${renamed.id}`)).toBe("restore")
        expect(plan.get(`project:${removed.id}`)).toBe("bring-back")
        expect(plan.get(`project:${created.id}`)).toBe("remove")
        expect(preview.notRevertible.map((s) => [s.entity, s.key, s.blockedBy?.runNumber])).toContainEqual([
          "project",
          later.id,
          next?.number,
        ])
        expect(
          yield* Effect.flatMap(SyncRunUndo, (u) => u.preview(run?.id ?? "")).pipe(
            as({ ...adminActor, isAdmin: false }),
            Effect.flip,
          ),
        ).toMatchObject({ _tag: "NotAdministrator" })

        const undone = yield* Effect.flatMap(SyncRunUndo, (u) => u.apply(run?.id ?? "")).pipe(as(adminActor))
        expect(undone.undoRun).toMatchObject({ trigger: "undo", status: "succeeded", undoesRunId: run?.id })
        expect(undone.notRevertible.map((s) => s.key)).toEqual(preview.notRevertible.map((s) => s.key))
        const after = yield* fingerprint
        const excepted = new Set(undone.notRevertible.map((s) => `${s.entity}:${s.key}`))
        const differing = [...new Set([...before.keys(), ...after.keys()])].filter(
          (k) => !excepted.has(k) && before.get(k) !== after.get(k),
        )
        expect(differing).toEqual([])
        expect(excepted.has(`project:${later.id}`)).toBe(true)

        // The undo is a run of its own, with what it put back; the run says it was undone; the log says who.
        const undoItems = yield* Effect.flatMap(SyncRuns, (r) =>
          r.items(undone.undoRun.id, { entity: "project" }),
        ).pipe(as(adminActor))
        expect(undoItems.items.map((i) => [i.key, i.outcome]).sort()).toEqual(
          [
            [renamed.id, "updated"],
            [removed.id, "created"],
            [created.id, "removed"],
          ].sort(),
        )
        const original = yield* Effect.flatMap(SyncRuns, (r) => r.get(run?.id ?? "")).pipe(as(adminActor))
        expect(original.undoneByRunId).toBe(undone.undoRun.id)
        const again = yield* Effect.flatMap(SyncRunUndo, (u) => u.apply(run?.id ?? "")).pipe(
          as(adminActor),
          Effect.flip,
        )
        expect(again).toMatchObject({ _tag: "SyncRunNotUndoable", reason: "already-undone" })
        const log = yield* Effect.flatMap(AuditLog, (a) =>
          a.list({ action: "integration.sync_run_undone" }),
        ).pipe(as(adminActor))
        expect(log.items[0]?.before).toEqual({ run: run?.number, trigger: "reconcile" })
      }),
    )
  },
)
