/**
 * Sync across real processes: an API process killed with kill -9 in the middle of an import, and two
 * API processes sharing one PostgreSQL while their schedulers race to queue reconciles and the portal
 * changes under them. Each job runs once at a time, and the CRM ends equal to the portal. And a
 * project create whose process is killed with kill -9 after the portal made the project, before the
 * CRM recorded it: retried with its Idempotency-Key on a new process, it makes one project.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type MockProjectsHandle, startMockProjects } from "@app/mock-projects"
import { afterEach, describe, expect, it } from "vitest"
import {
  type ApiProcess,
  isolatedDatabase,
  type Session,
  signIn,
  startApiProcess,
  startHoldingProxy,
  until,
} from "./api-process.js"

const ADMIN = "admin@demo.test"
const PASSWORD = "robustness-demo-password"
const APP_SECRET = "robustness-secret-shared-by-every-api-process"
const databaseUrl = process.env.DATABASE_URL

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface JobView {
  status: string
  attempts: number
  checkpoint: { phase?: string; list?: { page?: number } } | null
  result: unknown
}

const job = async (session: Session, id: string) => (await session.call<JobView>("GET", `jobs/${id}`)).body

/** Every Projects id of the CRM's copy, through the Projects tab's cursor. */
const crmProjectIds = async (session: Session) => {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page: { body: { items: Array<{ projectsId: string }>; nextCursor: string | null } } =
      await session.call("GET", `projects?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)
    ids.push(...page.body.items.map((p) => p.projectsId))
    cursor = page.body.nextCursor
  } while (cursor !== null)
  return ids.sort()
}

const portalProjectIds = (mock: MockProjectsHandle) => {
  const portal = [...mock.registry.get().state.portals.values()][0]
  return [...(portal?.projects.keys() ?? [])].sort()
}

const setUp = async (projects: number) => {
  const mock = await startMockProjects({ seed: 21, projects, users: 6, clients: 20, clientUsers: 30 })
  cleanups.push(() => mock.close())
  // The processes reach the portal through a proxy that can keep one answer from them.
  const proxy = await startHoldingProxy(mock.url)
  cleanups.push(() => proxy.close())
  const dataDir = mkdtempSync(join(tmpdir(), "crm-robustness-"))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const database = databaseUrl === undefined ? undefined : await isolatedDatabase(databaseUrl)
  if (database !== undefined) cleanups.push(() => database.drop())
  const env = (reconcileEvery: string) => ({
    DATA_DIR: dataDir,
    DEMO_PASSWORD: PASSWORD,
    APP_SECRET,
    PROJECTS_API_URL: proxy.url,
    PROJECTS_ACCOUNTS_URL: proxy.url,
    RECONCILE_INTERVAL: reconcileEvery,
    ...(database === undefined ? {} : { DATABASE_URL: database.url }),
  })
  const start = async (reconcileEvery = "1 hour") => {
    const api = await startApiProcess(env(reconcileEvery))
    cleanups.push(() => api.stop())
    return api
  }
  const portal = (await mock.control.state()).portals[0]
  const email = portal?.owner?.email ?? ""
  const key = (await mock.control.keys(email)).key ?? ""
  /** Enables the integration and saves the portal through `api`: the import job is queued. */
  const associate = async (api: ApiProcess) => {
    const admin = await signIn(api.url, ADMIN, PASSWORD)
    expect((await admin.call("POST", "integration/enable")).status).toBe(200)
    const saved = await admin.call<{ importJob: { id: string } }>("PUT", "integration/portal", {
      portalId: portal?.id,
      email,
      key,
    })
    expect(saved.status).toBe(200)
    return { admin, importJobId: saved.body.importJob.id }
  }
  return { mock, proxy, database, start, associate }
}

describe("sync across real API processes", () => {
  it("finishes an import whose process was killed with kill -9, from its checkpoint, with the CRM equal to the portal", async () => {
    const { mock, start, associate } = await setUp(4_000)
    const first = await start()
    // People work in the portal while it is read, and pages are slow enough to be caught mid-way.
    await mock.control.faults.add({ kind: "portal_changes", deletes: 3, inserts: 2, count: 6, seed: 5 })
    await mock.control.faults.add({
      kind: "latency",
      method: "GET",
      path: "/api/v3/portal/*/projects",
      latency_ms: 150,
    })
    const { admin, importJobId } = await associate(first)
    await until("the import to be mid-way through the projects", async () => {
      const view = await job(admin, importJobId)
      return view.checkpoint?.phase === "projects" && (view.checkpoint.list?.page ?? 0) >= 9
        ? view
        : undefined
    })
    await first.kill()
    await mock.control.faults.clear()
    await mock.control.clearJournal()

    const second = await start()
    const admin2 = await signIn(second.url, ADMIN, PASSWORD)
    // The dead process's lease (30 s) runs out, then the second process takes the job over.
    const done = await until(
      "the import to finish",
      async () => {
        const view = await job(admin2, importJobId)
        return view.status === "succeeded" || view.status === "failed" ? view : undefined
      },
      180_000,
    )
    expect(done.status).toBe("succeeded")
    const pages = await mock.control.journal({
      type: "request",
      method: "GET",
      path: "/api/v3/portal/*/projects",
    })
    const resumedAt = Math.min(...pages.slice(0, 4).map((entry) => Number(entry.query?.page ?? "0")))
    expect(resumedAt).toBeGreaterThanOrEqual(9)
    expect(await crmProjectIds(admin2)).toEqual(portalProjectIds(mock))
  }, 300_000)

  it("makes one project in the portal when a create's process is killed after the portal answered, and the create is retried on another", async () => {
    const { mock, proxy, start, associate } = await setUp(30)
    const first = await start()
    const { admin, importJobId } = await associate(first)
    await until("the import", async () =>
      (await job(admin, importJobId)).status === "succeeded" ? true : undefined,
    )
    const name = "Created once despite kill -9"
    const key = "kill-9-create"
    const createsAt = /^\/api\/v3\/portal\/[^/]+\/projects$/
    const portalCreates = async () =>
      (
        await mock.control.journal({ type: "request", method: "POST", path: "/api/v3/portal/*/projects" })
      ).filter(
        (entry) =>
          (entry.requestBody as { name?: string } | undefined)?.name === name && entry.status === 201,
      )
    const portalProjectsNamed = () =>
      [...(mock.registry.get().state.portals.values().next().value?.projects.values() ?? [])].filter(
        (project) => project.name === name,
      )

    // The portal makes the project and answers; the answer never reaches the process, killed then.
    const answered = proxy.holdNextAnswer("POST", createsAt)
    const dying = admin
      .call("POST", "projects", { values: { name } }, { "Idempotency-Key": key })
      .catch((error: unknown) => error)
    expect(await answered).toBe(201)
    await first.kill()
    const died = await dying
    expect(died).toBeInstanceOf(Error)
    expect(await portalCreates()).toHaveLength(1)
    expect(portalProjectsNamed()).toHaveLength(1)

    // The same request with the same key on a new process: 409 while the dead process's claim on the
    // key lasts (30 s), then the create runs again, finds its project in the portal and adopts it.
    const second = await start()
    const admin2 = await signIn(second.url, ADMIN, PASSWORD)
    const retried = await until(
      "the retried create to be answered",
      async () => {
        const answer = await admin2.call<{ name: string; projectsId: string }>(
          "POST",
          "projects",
          { values: { name } },
          { "Idempotency-Key": key },
        )
        return answer.status === 409 ? undefined : answer
      },
      90_000,
    )
    expect(retried.status).toBe(201)
    expect(retried.body.name).toBe(name)
    expect(await portalCreates()).toHaveLength(1)
    expect(portalProjectsNamed().map((project) => project.id)).toEqual([retried.body.projectsId])
    // Once more: the kept answer, and still one project.
    const replayed = await admin2.call<{ projectsId: string }>(
      "POST",
      "projects",
      { values: { name } },
      { "Idempotency-Key": key },
    )
    expect(replayed.headers.get("idempotent-replayed")).toBe("true")
    expect(replayed.body.projectsId).toBe(retried.body.projectsId)
    const listed = await admin2.call<{ items: Array<{ name: string }> }>(
      "GET",
      `projects?search=${encodeURIComponent(name)}`,
    )
    expect(listed.body.items.filter((project) => project.name === name)).toHaveLength(1)
    expect(await portalCreates()).toHaveLength(1)
    expect(portalProjectsNamed()).toHaveLength(1)
  }, 300_000)

  it.skipIf(databaseUrl === undefined)(
    "runs each sync job once when two processes share PostgreSQL and race to queue reconciles, ending with the CRM equal to the portal",
    async () => {
      const { mock, database, start, associate } = await setUp(3_000)
      if (database === undefined) return
      const first = await start("2 seconds")
      const second = await start("2 seconds")
      const { admin, importJobId } = await associate(first)
      await until("the import", async () =>
        (await job(admin, importJobId)).status === "succeeded" ? true : undefined,
      )
      const reconciles = () =>
        database.query<{
          id: string
          status: string
          attempts: number
          started: Date | null
          finished: Date | null
        }>(
          `select id, status, attempts, started_at as started, finished_at as finished from jobs where kind = 'integration.sync' and payload->>'reason' = 'reconcile' order by started_at`,
        )
      // Reconciles queued by both schedulers run while the portal changes under them.
      await mock.control.faults.add({ kind: "portal_changes", deletes: 4, inserts: 3, count: 40, seed: 8 })
      await mock.control.faults.add({
        kind: "portal_changes",
        entity: "clients",
        inserts: 1,
        deletes: 1,
        count: 10,
        seed: 9,
      })
      await until("three reconciles", async () => {
        const rows = await reconciles()
        return rows.filter((r) => r.status === "succeeded").length >= 3 ? rows : undefined
      })
      await mock.control.faults.clear()
      const settledFrom = (await reconciles()).length
      await until("a reconcile after the portal stopped changing", async () => {
        const rows = await reconciles()
        return rows.slice(settledFrom).some((r) => r.status === "succeeded") ? true : undefined
      })
      const rows = (await reconciles()).filter((r) => r.status === "succeeded")
      expect(rows.every((r) => r.attempts === 1)).toBe(true)
      // One at a time: no two sync jobs of the organization ever ran together.
      for (let i = 1; i < rows.length; i++) {
        const previous = rows[i - 1]?.finished?.getTime() ?? 0
        expect(rows[i]?.started?.getTime() ?? 0).toBeGreaterThanOrEqual(previous)
      }
      const webhooks = [...(mock.registry.get().state.portals.values().next().value?.webhooks.values() ?? [])]
      expect(webhooks).toHaveLength(1)
      const copied = await database.query<{ projects_id: string }>(
        "select projects_id from integration_projects order by projects_id",
      )
      expect(copied.map((r) => r.projects_id)).toEqual(portalProjectIds(mock))
      expect(first.child.exitCode).toBeNull()
      expect(second.child.exitCode).toBeNull()
    },
    300_000,
  )
})
