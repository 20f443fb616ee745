/**
 * `pnpm bench` for the mock Projects server: a page of 200 projects from a 100,000-project portal and a
 * page of 200 tasks from a 100,000-task portal over HTTP, and reset time, each beside a baseline measured
 * in the same run; plus seeding time.
 * Writes the results into the repo root BENCHMARKS.md between the mock-projects markers.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { emptyState } from "@app/core/projects-emulator"
import { serve } from "@hono/node-server"
import { Hono } from "hono"
import { startMockProjects } from "../src/index.js"

const PROJECTS = 100_000
const CLIENTS = 10_000
const CLIENT_USERS = 30_000
const PAGE_ROUNDS = 300
const TASKS = 100_000
const TASK_PROJECTS = 500
const RESET_ROUNDS = 5

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}
const ms = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} ms`
const time = async (f: () => Promise<unknown> | unknown) => {
  const t0 = performance.now()
  await f()
  return performance.now() - t0
}

const out = (line: string) => process.stdout.write(`${line}\n`)

const main = async () => {
  const mock = await startMockProjects({ port: 0 })
  const seedMs = await time(() =>
    mock.control.seed({
      seed: 42,
      portals: 1,
      users: 20,
      clients: CLIENTS,
      clientUsers: CLIENT_USERS,
      projects: PROJECTS,
      customFields: 6,
    }),
  )
  const state = await mock.control.state()
  const portal = state.portals[0]
  if (portal?.owner === undefined) throw new Error("seed made no portal")
  const token = (await mock.control.tokens(portal.owner.email)).access_token
  const headers = { authorization: `Zoho-oauthtoken ${token}` }
  const pageUrl = (page: number, extra = "") =>
    `${mock.url}/api/v3/portal/${portal.id}/projects?status=all&per_page=200&page=${page}${extra}`

  // Warm-up (JIT, and the sorted index built once); a write invalidates it (measured separately below).
  const sample = await (await fetch(pageUrl(1), { headers })).text()
  for (let i = 0; i < 50; i++) await (await fetch(pageUrl(2 + i), { headers })).text()
  const pages = Math.floor(PROJECTS / 200)
  const mockTimes: number[] = []
  for (let i = 0; i < PAGE_ROUNDS; i++) {
    const page = 1 + ((i * 37) % pages)
    mockTimes.push(await time(async () => (await fetch(pageUrl(page), { headers })).text()))
  }
  const byName: number[] = []
  for (let i = 0; i < 50; i++)
    byName.push(
      await time(async () =>
        (await fetch(pageUrl(1 + i, "&sort_column=name&sort_order=ascending"), { headers })).text(),
      ),
    )
  const created = await fetch(`${mock.url}/api/v3/portal/${portal.id}/projects`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench write" }),
  })
  if (created.status !== 201) throw new Error(`write failed: ${created.status}`)
  const afterWrite = await time(async () => (await fetch(pageUrl(250), { headers })).text())

  // Baseline: a bare Hono route on the same server stack answering the same JSON page.
  const payload: unknown = JSON.parse(sample)
  const bare = new Hono().get("/page", (c) => c.json(payload))
  const server = serve({ fetch: bare.fetch, port: 0, hostname: "127.0.0.1" })
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`
  for (let i = 0; i < 50; i++) await (await fetch(bareUrl)).text()
  const bareTimes: number[] = []
  for (let i = 0; i < PAGE_ROUNDS; i++) bareTimes.push(await time(async () => (await fetch(bareUrl)).text()))
  server.close()

  // A page of tasks from a 100,000-task portal (500 projects of 200 tasks), across the portal and in one project.
  const work = mock.namespace("tasks")
  const taskSeedMs = await time(() =>
    work.control.seed({
      seed: 42,
      users: 20,
      projects: TASK_PROJECTS,
      tasks: TASKS,
      issues: 5_000,
      customFields: 0,
    }),
  )
  const workPortal = (await work.control.state()).portals[0]
  if (workPortal?.owner === undefined) throw new Error("task seed made no portal")
  const workHeaders = {
    authorization: `Zoho-oauthtoken ${(await work.control.tokens(workPortal.owner.email)).access_token}`,
  }
  const tasksUrl = (page: number) =>
    `${work.url}/api/v3/portal/${workPortal.id}/tasks?per_page=200&page=${page}`
  const someProject = (
    (await (
      await fetch(`${work.url}/api/v3/portal/${workPortal.id}/projects?per_page=1`, { headers: workHeaders })
    ).json()) as Array<{ id: string }>
  )[0]?.id
  const projectTasksUrl = `${work.url}/api/v3/portal/${workPortal.id}/projects/${someProject}/tasks?per_page=200`
  const taskSample = await (await fetch(tasksUrl(1), { headers: workHeaders })).text()
  for (let i = 0; i < 30; i++) await (await fetch(tasksUrl(2 + i), { headers: workHeaders })).text()
  const taskPages = Math.floor(TASKS / 200)
  const taskTimes: number[] = []
  for (let i = 0; i < PAGE_ROUNDS; i++)
    taskTimes.push(
      await time(async () =>
        (await fetch(tasksUrl(1 + ((i * 37) % taskPages)), { headers: workHeaders })).text(),
      ),
    )
  const projectTaskTimes: number[] = []
  for (let i = 0; i < 100; i++)
    projectTaskTimes.push(
      await time(async () => (await fetch(projectTasksUrl, { headers: workHeaders })).text()),
    )
  await work.control.reset()
  const taskPayload: unknown = JSON.parse(taskSample)
  const bareTasks = new Hono().get("/page", (c) => c.json(taskPayload))
  const taskServer = serve({ fetch: bareTasks.fetch, port: 0, hostname: "127.0.0.1" })
  await new Promise<void>((resolve) => taskServer.once("listening", () => resolve()))
  const bareTasksUrl = `http://127.0.0.1:${(taskServer.address() as AddressInfo).port}/page`
  for (let i = 0; i < 50; i++) await (await fetch(bareTasksUrl)).text()
  const bareTaskTimes: number[] = []
  for (let i = 0; i < PAGE_ROUNDS; i++)
    bareTaskTimes.push(await time(async () => (await fetch(bareTasksUrl)).text()))
  taskServer.close()

  // Reset of a full 100,000-project namespace over HTTP, beside a structuredClone of an empty state.
  const resetTimes: number[] = []
  for (let i = 0; i < RESET_ROUNDS; i++) {
    if (i > 0)
      await mock.control.seed({ seed: 42, projects: PROJECTS, clients: CLIENTS, clientUsers: CLIENT_USERS })
    resetTimes.push(await time(() => mock.control.reset()))
  }
  // The emulator's own reset, in-process, on a full namespace (no HTTP, no request parsing).
  const inProcess: number[] = []
  const emu = mock.registry.get()
  for (let i = 0; i < 3; i++) {
    await mock.control.seed({ seed: 42, projects: PROJECTS, clients: CLIENTS, clientUsers: CLIENT_USERS })
    inProcess.push(await time(() => emu.reset()))
  }
  const emptyHttp: number[] = []
  for (let i = 0; i < 50; i++) emptyHttp.push(await time(() => mock.control.reset()))
  const cloneTimes: number[] = []
  const empty = emptyState(1)
  for (let i = 0; i < 200; i++) cloneTimes.push(await time(() => structuredClone(empty)))
  await mock.close()

  const pageMedian = quantile(mockTimes, 0.5)
  const bareMedian = quantile(bareTimes, 0.5)
  const resetMedian = quantile(resetTimes, 0.5)
  const cloneMedian = quantile(cloneTimes, 0.5)
  const lines = [
    `Measured ${new Date().toISOString()} on Node ${process.version}, ${PROJECTS.toLocaleString("en")} projects, ${CLIENTS.toLocaleString("en")} clients, ${CLIENT_USERS.toLocaleString("en")} client users in one portal (median of ${PAGE_ROUNDS} requests over a real port unless told).`,
    "",
    "| measure | mock | baseline | ratio |",
    "|---|---|---|---|",
    `| GET one page of projects (per_page 200, ${(sample.length / 1024).toFixed(0)} KiB JSON), p50 | ${ms(pageMedian)} | ${ms(bareMedian)} (bare Hono route, same JSON) | ${(pageMedian / bareMedian).toFixed(2)}× |`,
    `| same, p95 | ${ms(quantile(mockTimes, 0.95))} | ${ms(quantile(bareTimes, 0.95))} | ${(quantile(mockTimes, 0.95) / quantile(bareTimes, 0.95)).toFixed(2)}× |`,
    `| page sorted by name (p50 of 50, index cached) | ${ms(quantile(byName, 0.5))} | ${ms(bareMedian)} | ${(quantile(byName, 0.5) / bareMedian).toFixed(2)}× |`,
    `| first page after a write (index rebuilt) | ${ms(afterWrite)} | ${ms(bareMedian)} | ${(afterWrite / bareMedian).toFixed(2)}× |`,
    `| POST /__mock/reset of the 100,000-project namespace (median of ${RESET_ROUNDS}) | ${ms(resetMedian)} | ${ms(cloneMedian)} (structuredClone of an empty state) | ${(resetMedian / cloneMedian).toFixed(1)}× |`,
    `| Emulator.reset() in-process on the 100,000-project namespace (median of 3) | ${ms(quantile(inProcess, 0.5))} | ${ms(cloneMedian)} | ${(quantile(inProcess, 0.5) / cloneMedian).toFixed(1)}× |`,
    `| POST /__mock/reset of an empty namespace (p50 of 50) | ${ms(quantile(emptyHttp, 0.5))} | ${ms(cloneMedian)} | ${(quantile(emptyHttp, 0.5) / cloneMedian).toFixed(1)}× |`,
    `| GET one page of tasks across a 100,000-task portal (per_page 200, ${(taskSample.length / 1024).toFixed(0)} KiB JSON), p50 | ${ms(quantile(taskTimes, 0.5))} | ${ms(quantile(bareTaskTimes, 0.5))} (bare Hono route, same JSON) | ${(quantile(taskTimes, 0.5) / quantile(bareTaskTimes, 0.5)).toFixed(2)}× |`,
    `| same, p95 | ${ms(quantile(taskTimes, 0.95))} | ${ms(quantile(bareTaskTimes, 0.95))} | ${(quantile(taskTimes, 0.95) / quantile(bareTaskTimes, 0.95)).toFixed(2)}× |`,
    `| GET the 200 tasks of one project of that portal (p50 of 100) | ${ms(quantile(projectTaskTimes, 0.5))} | ${ms(quantile(bareTaskTimes, 0.5))} | ${(quantile(projectTaskTimes, 0.5) / quantile(bareTaskTimes, 0.5)).toFixed(2)}× |`,
    `| POST /__mock/seed (100,000 projects + 10,000 clients + 30,000 client users) | ${ms(seedMs)} | – | – |`,
    `| POST /__mock/seed (${TASK_PROJECTS} projects + 100,000 tasks + 5,000 issues) | ${ms(taskSeedMs)} | – | – |`,
    "",
    "Reset over HTTP includes the request round trip and any garbage collection of the dropped state that falls in it; the emulator's own reset replaces the namespace state (no copying). The machine's 2 cores are shared with other jobs: compare ratios, not absolute times.",
  ]
  for (const l of lines) out(l)
  const file = join(import.meta.dirname, "../../../BENCHMARKS.md")
  const start = "<!-- bench:mock-projects:start -->"
  const end = "<!-- bench:mock-projects:end -->"
  const section = `${start}\n## Mock Projects server (\`pnpm --filter @app/mock-projects bench\`)\n\n${lines.join("\n")}\n${end}`
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n"
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`
  writeFileSync(file, next)
}

await main()
