/**
 * What every request needs (its token's actor, the profile's permissions) is kept in each API process:
 * a token revoked or a permission removed on one instance is refused by every instance within a
 * second. On PostgreSQL a second API process shares the database; PGlite runs in this one process.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { Database } from "@app/core/persistence"
import type { MockProjectsHandle } from "@app/mock-projects"
import { sql } from "drizzle-orm"
import { Effect, Redacted } from "effect"
import { afterAll, beforeAll, expect, it } from "vitest"
import {
  bearer,
  organizationWithClients,
  signIn,
  startIntegrationTestApi,
  type TestApi,
} from "./api-harness.js"

const OWNER = "owner@projects.demo.test"

let mock: MockProjectsHandle
let api: TestApi
let drain: () => Promise<void>
let close: () => Promise<void>
let second: { readonly url: string; readonly stop: () => Promise<void> } | undefined

/** Another API process on this test's schema (PostgreSQL only: PGlite belongs to one process). */
const startSecondInstance = async (): Promise<typeof second> => {
  if (process.env.DATABASE_URL === undefined) return undefined
  const [row] = await api
    .run(
      Effect.flatMap(Database, (d) => d.execute<{ schema: string }>(sql`select current_schema() as schema`)),
    )
    .then((rows) => rows)
  const script = fileURLToPath(new URL("./support/api-instance.ts", import.meta.url))
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", script, row?.schema ?? "", mock.url],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  )
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the second instance exited with ${code}`)))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      const parsed = JSON.parse(line) as { port?: number }
      if (parsed.port !== undefined) resolve(parsed.port)
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        child.once("exit", () => done())
        child.kill("SIGTERM")
      }),
  }
}

beforeAll(async () => {
  ;({ api, mock, drain, close } = await startIntegrationTestApi())
  second = await startSecondInstance()
}, 120_000)
afterAll(async () => {
  await second?.stop()
  await close?.()
})

/** The status every instance answers `path` with, as the holder of `token`. */
const statuses = async (token: string, path: string) => {
  const here = (await bearer(api, token).get(path)).status
  if (second === undefined) return [here]
  const there = await fetch(`${second.url}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } })
  await there.arrayBuffer()
  return [here, there.status]
}

/** Polls until every instance answers `expected` or a second has passed; returns what they answered last. */
const withinASecond = async (token: string, path: string, expected: number) => {
  const deadline = performance.now() + 1_000
  for (;;) {
    const seen = await statuses(token, path)
    if (seen.every((status) => status === expected) || performance.now() > deadline) return seen
    await new Promise((next) => setTimeout(next, 20))
  }
}

it("refuses on every instance, within a second, a removed permission and then a revoked token", {
  timeout: 120_000,
}, async () => {
  const { admin, org } = await organizationWithClients(api)
  await admin.post("integration/enable")
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const key = (await mock.control.keys(OWNER)).key ?? ""
  expect((await admin.request("PUT", "integration/portal", { portalId, email: OWNER, key })).status).toBe(200)
  await drain()
  const profile = (await admin.post("profiles", { name: "Viewers" })).body as { id: string }
  const email = `viewer.${org.organization.id.slice(0, 8)}@example.test`
  const password = "viewer password 1"
  expect(
    (await admin.post("users", { name: "Vi Ewer", email, profileId: profile.id, password })).status,
  ).toBe(201)
  const boxes = { tab: true, view: true, create: false, edit: false, delete: false }
  const saved = await admin.request("PUT", "integration/permissions", {
    entries: [{ profileId: profile.id, ...boxes }],
  })
  expect(saved.status).toBe(200)
  await drain()
  const viewer = await signIn(api, email, Redacted.make(password))
  const created = (await viewer.post("tokens", { name: "script" })).body as { id: string; token: string }

  // Served twice by each instance: whatever it keeps is warm.
  expect(await statuses(created.token, "projects?limit=5")).toEqual(second ? [200, 200] : [200])
  expect(await statuses(created.token, "projects?limit=5")).toEqual(second ? [200, 200] : [200])

  const removed = await admin.request("PUT", "integration/permissions", {
    entries: [{ profileId: profile.id, ...boxes, view: false }],
  })
  expect(removed.status).toBe(200)
  expect(await withinASecond(created.token, "projects?limit=5", 403)).toEqual(second ? [403, 403] : [403])

  expect((await admin.delete(`tokens/${created.id}`)).status).toBe(204)
  expect(await withinASecond(created.token, "me", 401)).toEqual(second ? [401, 401] : [401])
})
