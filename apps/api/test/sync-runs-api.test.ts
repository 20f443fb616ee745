/**
 * The sync runs over HTTP: the list and a run's items for administrators, filters refused as
 * problem+json naming the field, Sync now followed through its job, and the dry run.
 */
import type { MockProjectsHandle } from "@app/mock-projects"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  activateIntegration,
  organizationWithClients,
  type SessionClient,
  startIntegrationTestApi,
  type TestApi,
} from "./api-harness.js"

let mock: MockProjectsHandle
let api: TestApi
let drain: () => Promise<void>
let close: () => Promise<void>
let admin: SessionClient
let standard: SessionClient

interface Run {
  id: string
  startedAt: string
  number: number
  trigger: string
  status: string
  jobId: string | null
  counts: { created: number; updated: number; removed: number; unchanged: number; failed: number }
}
interface Problem {
  code: string
  status: number
  errors: Array<{ field: string }>
}

beforeAll(async () => {
  ;({ api, mock, drain, close } = await startIntegrationTestApi())
  const clients = await organizationWithClients(api)
  admin = clients.admin
  standard = clients.standard
  await activateIntegration(api, mock, admin, drain)
})
afterAll(() => close?.())

describe("sync runs over HTTP", () => {
  it("lists the import as a run and its items, searchable by object", async () => {
    const list = await admin.get("integration/sync-runs")
    expect(list.status).toBe(200)
    const runs = (list.body as { items: Run[] }).items
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([["import", "succeeded"]])
    const run = runs[0] as Run
    const one = await admin.get(`integration/sync-runs/${run.id}`)
    expect(one.body).toMatchObject({ id: run.id, trigger: "import" })
    const items = await admin.get(`integration/sync-runs/${run.id}/items?entity=project&limit=500`)
    const projects = (items.body as { items: Array<{ key: string; name: string; outcome: string }> }).items
    expect(projects.length).toBe(run.counts.created - (await nonProjects(run.id)))
    const first = projects[0]
    const found = await admin.get(
      `integration/sync-items?object=${encodeURIComponent(first?.name ?? "")}&outcome=created`,
    )
    expect((found.body as { items: Array<{ key: string }> }).items.map((i) => i.key)).toContain(first?.key)
  })

  it("refuses bad filters with problem+json naming the field", async () => {
    for (const [query, field] of [
      ["trigger=nightly", "trigger"],
      ["limit=0", "limit"],
      ["from=yesterday", "from"],
      ["cursor=%21%21", "cursor"],
    ] as const) {
      const response = await admin.get(`integration/sync-runs?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers.get("content-type")).toContain("application/problem+json")
      expect(
        (response.body as Problem).errors.map((e) => e.field),
        query,
      ).toContain(field)
    }
    const run = ((await admin.get("integration/sync-runs")).body as { items: Run[] }).items[0] as Run
    for (const [query, field] of [
      ["outcome=vanished", "outcome"],
      ["entity=deal", "entity"],
      ["field=a%20b", "field"],
      ["to=2026-13-45", "to"],
    ] as const) {
      const response = await admin.get(`integration/sync-runs/${run.id}/items?${query}`)
      expect(response.status, query).toBe(400)
      expect(
        (response.body as Problem).errors.map((e) => e.field),
        query,
      ).toContain(field)
    }
    const malformed = await admin.get("integration/sync-runs/not-a-run")
    // A path that cannot name a run is not found, like every id path of the API.
    expect(malformed.status).toBe(404)
    expect((malformed.body as Problem).errors.map((e) => e.field)).toContain("id")
    const unknown = await admin.get("integration/sync-runs/00000000-0000-4000-8000-000000000000")
    expect(unknown.status).toBe(404)
    expect((unknown.body as Problem).code).toBe("SyncRunNotFound")
  })

  it("keeps the runs, Sync now and the dry run to administrators", async () => {
    expect((await standard.get("integration/sync-runs")).status).toBe(403)
    expect((await standard.post("integration/sync-runs")).status).toBe(403)
    expect((await standard.post("integration/sync-runs/dry-run")).status).toBe(403)
  })

  it("Sync now answers 202 with the run and its job, followed to the end", async () => {
    const started = await admin.post("integration/sync-runs")
    expect(started.status).toBe(202)
    const { run, job } = started.body as { run: Run; job: { id: string } }
    expect(run).toMatchObject({ trigger: "sync-now", status: "running", jobId: job.id })
    await drain()
    const done = await admin.get(`jobs/${job.id}`)
    expect(done.body).toMatchObject({ status: "succeeded", result: { run: { id: run.id } } })
    const after = await admin.get(`integration/sync-runs/${run.id}`)
    expect(after.body).toMatchObject({ status: "succeeded", counts: { created: 0, updated: 0, removed: 0 } })
  })

  it("the dry run answers 202 with a job whose result compares the CRM with the portal", async () => {
    const queued = await admin.post("integration/sync-runs/dry-run")
    expect(queued.status).toBe(202)
    await drain()
    const job = await admin.get(`jobs/${(queued.body as { id: string }).id}`)
    expect(job.body).toMatchObject({
      status: "succeeded",
      result: { counts: { created: 0, updated: 0, removed: 0 }, items: [], truncated: false },
    })
  })

  it("says the sync health: the last pass, what failed, and when the next reconcile is due", async () => {
    const response = await admin.get("integration/sync-health")
    expect(response.status).toBe(200)
    const health = response.body as {
      webhook: { subscribed: boolean; lastDeliveryAt: string | null }
      lastPass: Run | null
      failing: unknown[]
      reconcileEveryMinutes: number
      nextReconcileAt: string | null
    }
    const latest = ((await admin.get("integration/sync-runs?limit=50")).body as { items: Run[] }).items.find(
      (r) => ["import", "reconcile", "sync-now", "catch-up"].includes(r.trigger),
    )
    expect(health.lastPass?.id).toBe(latest?.id)
    expect(health.failing).toEqual([])
    expect(health.reconcileEveryMinutes).toBe(15)
    // The mock cannot reach this API: no delivery was ever received.
    expect(health.webhook.lastDeliveryAt).toBeNull()
    expect(Date.parse(health.nextReconcileAt ?? "")).toBeGreaterThan(Date.parse(latest?.startedAt ?? ""))
    expect((await standard.get("integration/sync-health")).status).toBe(403)
  })

  it("previews and applies an undo over HTTP, and refuses a second one with 409", async () => {
    const started = await admin.post("integration/sync-runs")
    const { run } = started.body as { run: Run }
    await drain()
    const preview = await admin.get(`integration/sync-runs/${run.id}/undo`)
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ run: { id: run.id }, revertible: [], notRevertible: [] })
    expect((await standard.post(`integration/sync-runs/${run.id}/undo`)).status).toBe(403)
    const undone = await admin.post(`integration/sync-runs/${run.id}/undo`)
    expect(undone.status).toBe(200)
    expect(undone.body).toMatchObject({ undoRun: { trigger: "undo", undoesRunId: run.id } })
    const again = await admin.post(`integration/sync-runs/${run.id}/undo`)
    expect(again.status).toBe(409)
    expect((again.body as Problem).code).toBe("SyncRunNotUndoable")
  })
})

const nonProjects = async (runId: string) => {
  const all = await admin.get(`integration/sync-runs/${runId}/items?limit=500`)
  return (all.body as { items: Array<{ entity: string }> }).items.filter((i) => i.entity !== "project").length
}
