/**
 * Idempotency keys on writes, over HTTP against the mock portal: a retried create makes one project
 * in the portal (journal and state) — also when the first attempt died after the portal answered —,
 * a running request answers 409, another body under the key 422, and two API instances on one
 * database share the keys.
 */
import { Database } from "@app/core/persistence"
import type { MockProjectsHandle } from "@app/mock-projects"
import { startMockProjects } from "@app/mock-projects"
import { sql } from "drizzle-orm"
import { Deferred, Effect, Fiber } from "effect"
import { afterAll, beforeAll, expect, it, vi } from "vitest"
import {
  activateIntegration,
  drainJobs,
  type SessionClient,
  sharedTestDatabase,
  signIn,
  startIntegrationTestApiOn,
  type TestApi,
} from "./api-harness.js"

let mock: MockProjectsHandle
let shared: Awaited<ReturnType<typeof sharedTestDatabase>>
let first: TestApi
let second: TestApi
let admin: SessionClient
let adminOnSecond: SessionClient

beforeAll(async () => {
  mock = await startMockProjects({ port: 0, demo: true })
  shared = await sharedTestDatabase()
  first = await startIntegrationTestApiOn(mock, shared.layer)
  second = await startIntegrationTestApiOn(mock, shared.layer)
  const org = await first.organization()
  admin = await signIn(first, org.admin.email)
  adminOnSecond = await signIn(second, org.admin.email)
  await activateIntegration(first, mock, admin, () => drainJobs(first))
}, 120_000)

afterAll(async () => {
  await second?.close()
  await first?.close()
  await shared?.close()
  await mock?.close()
})

const PROJECTS_POST = { method: "POST", path: "/api/v3/portal/*/projects" } as const

/** Portal creates of projects named `name`, as the mock journal saw them. */
const portalCreates = async (name: string) =>
  (await mock.control.journal(PROJECTS_POST)).filter(
    (e) => (e.requestBody as { name?: string } | undefined)?.name === name && e.status === 201,
  )

/** Projects named `name` in the portal itself (the mock's state), whatever the CRM thinks. */
const portalProjectsNamed = async (name: string) => {
  const token = await mock.control.tokens("owner@projects.demo.test")
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const response = await fetch(
    `${mock.url}/api/v3/portal/${portalId}/projects?status=all&search_term=${encodeURIComponent(name)}`,
    { headers: { authorization: `Zoho-oauthtoken ${token.access_token}` } },
  )
  const projects = (await response.json()) as Array<{ name: string }> | null
  return (projects ?? []).filter((p) => p.name === name)
}

const createWithKey = (client: SessionClient, key: string, name: string) =>
  client.request("POST", "projects", { values: { name } }, { "Idempotency-Key": key })

it("answers a retried create with the first answer and makes one project in the portal", async () => {
  const name = "Idempotent launch"
  const once = await createWithKey(admin, "create-launch-1", name)
  expect(once.status).toBe(201)
  const again = await createWithKey(admin, "create-launch-1", name)
  expect(again.status).toBe(201)
  expect(again.headers.get("idempotent-replayed")).toBe("true")
  expect(again.body).toEqual(once.body)
  expect(await portalCreates(name)).toHaveLength(1)
  expect(await portalProjectsNamed(name)).toHaveLength(1)
})

it("refuses the same key with another body, naming the header", async () => {
  await createWithKey(admin, "create-other-1", "Key reuse A")
  const reused = await createWithKey(admin, "create-other-1", "Key reuse B")
  expect(reused.status).toBe(422)
  expect(reused.headers.get("content-type")).toContain("application/problem+json")
  expect(reused.body).toMatchObject({ errors: [{ field: "Idempotency-Key" }] })
  expect(await portalCreates("Key reuse B")).toHaveLength(0)
})

it("answers 409 while the first request with the key still runs, then replays its answer", async () => {
  const name = "Slow portal project"
  const fault = await mock.control.faults.add({
    kind: "latency",
    latency_ms: 1500,
    ...PROJECTS_POST,
    count: 1,
  })
  const running = createWithKey(admin, "slow-1", name)
  await expect.poll(() => keyRow("slow-1"), { timeout: 5_000, interval: 25 }).toBeDefined()
  const meanwhile = await createWithKey(adminOnSecond, "slow-1", name)
  expect(meanwhile.status).toBe(409)
  expect(meanwhile.body).toMatchObject({ errors: [{ field: "Idempotency-Key" }] })
  const answered = await running
  expect(answered.status).toBe(201)
  const later = await createWithKey(adminOnSecond, "slow-1", name)
  expect(later.headers.get("idempotent-replayed")).toBe("true")
  expect(later.body).toEqual(answered.body)
  expect(await portalCreates(name)).toHaveLength(1)
  await mock.control.faults.remove(fault.id)
})

it("shares keys between two API instances on one database", async () => {
  const name = "Shared key project"
  const onFirst = await createWithKey(admin, "shared-1", name)
  const onSecond = await createWithKey(adminOnSecond, "shared-1", name)
  expect(onSecond.status).toBe(201)
  expect(onSecond.headers.get("idempotent-replayed")).toBe("true")
  expect(onSecond.body).toEqual(onFirst.body)
  expect(await portalCreates(name)).toHaveLength(1)
})

it("makes one project when the first attempt died after the portal answered", async () => {
  const name = "Crash window project"
  const fault = await mock.control.faults.add({
    kind: "latency",
    latency_ms: 800,
    ...PROJECTS_POST,
    count: 1,
  })
  const abort = new AbortController()
  const dying = first.app.request("/api/v1/projects", {
    method: "POST",
    headers: {
      Cookie: admin.cookie,
      "X-CSRF-Token": admin.csrfToken,
      "Content-Type": "application/json",
      "Idempotency-Key": "crash-1",
    },
    body: JSON.stringify({ values: { name } }),
    signal: abort.signal,
  })
  // The create is at the portal: its intent is recorded. Hold every write of the copy until it died.
  await expect.poll(() => intentRow("crash-1"), { timeout: 5_000, interval: 25 }).toBeDefined()
  const release = await first.run(Deferred.make<void>())
  const held = await first.run(Deferred.make<void>())
  const lock = first.runtime.runFork(
    Effect.flatMap(Database, (database) =>
      database.transaction(
        Effect.gen(function* () {
          if (database.dialect === "postgres")
            yield* database.execute(sql`lock table integration_projects in exclusive mode`)
          yield* Deferred.succeed(held, undefined)
          yield* Deferred.await(release)
        }),
      ),
    ),
  )
  await first.run(Deferred.await(held))
  await expect.poll(async () => (await portalCreates(name)).length, { timeout: 5_000, interval: 25 }).toBe(1)
  abort.abort()
  await first.run(Deferred.succeed(release, undefined))
  await first.run(Fiber.join(lock))
  expect((await dying).status).toBe(500)

  // The dead attempt's key frees (its 5xx released it); the retry finds its project in the portal.
  const final = await vi.waitFor(
    async () => {
      const response = await createWithKey(adminOnSecond, "crash-1", name)
      if (response.status === 409) throw new Error(`the first attempt still holds the key ${response.text}`)
      return response
    },
    { timeout: 10_000, interval: 50 },
  )
  expect(final.status).toBe(201)
  expect((final.body as { name: string }).name).toBe(name)
  expect(await portalCreates(name)).toHaveLength(1)
  expect(await portalProjectsNamed(name)).toHaveLength(1)
  const listed = await admin.get(`projects?search=${encodeURIComponent(name)}`)
  expect(
    (listed.body as { items: Array<{ name: string }> }).items.filter((p) => p.name === name),
  ).toHaveLength(1)
  await mock.control.faults.remove(fault.id).catch(() => undefined)
})

const keyRow = (key: string) =>
  first.run(
    Effect.flatMap(Database, (db) =>
      db.execute<{ id: string }>(sql`select id from idempotency_keys where key = ${key}`),
    ).pipe(Effect.map((rows) => rows[0])),
  )

const intentRow = (key: string) =>
  first.run(
    Effect.flatMap(Database, (db) =>
      db.execute<{ intent_key: string }>(
        sql`select intent_key from project_create_intents where intent_key like ${`%:${key}`}`,
      ),
    ).pipe(Effect.map((rows) => rows[0])),
  )
