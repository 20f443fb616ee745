/**
 * CPU time per request, API beside the bare route answering the same bytes, in one process under the
 * same closed loop: less sensitive than throughput to what else the shared machine runs, so it is what
 * tuning compares (`BENCH_DATABASE=pglite|postgres`, `BENCH_ROUTES` as in the latency benchmark). Every
 * figure is the whole process's CPU (server and load generator alike) divided by the requests answered.
 */
import { openSync, writeSync } from "node:fs"
import { loadavg } from "node:os"
import { batchedSink } from "@app/core/logging"
import { Hono } from "hono"
import { listen, pgliteDatabase, postgresDatabase, postgresUrl, startBenchApi } from "./fixture.js"

const CONCURRENCY = 16
const DURATION_MS = Number(process.env.BENCH_MS ?? 3_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)

const loop = async (url: string, headers: Record<string, string>) => {
  const cpu = process.cpuUsage()
  const started = performance.now()
  let requests = 0
  const end = started + DURATION_MS
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const response = await fetch(url, { headers })
        await response.arrayBuffer()
        if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
        requests++
      }
    }),
  )
  const used = process.cpuUsage(cpu)
  const wall = performance.now() - started
  return { cpuMs: (used.user + used.system) / 1000 / requests, rps: (1000 * requests) / wall }
}

const routes = [
  { label: "projects", path: "/api/v1/projects?limit=50" },
  { label: "search", path: "/api/v1/projects?limit=50&search=summit" },
  { label: "accounts", path: "/api/v1/accounts?limit=50" },
  { label: "deals", path: "/api/v1/deals?limit=50" },
  { label: "healthz", path: "/healthz" },
].filter((r) => {
  const only = process.env.BENCH_ROUTES?.split(",")
  return only === undefined || only.some((o) => r.label.includes(o))
})

const url = process.env.BENCH_DATABASE === "pglite" ? undefined : await postgresUrl()
const database = url === undefined ? pgliteDatabase() : await postgresDatabase(url)
const fd = openSync("/dev/null", "w")
const log = batchedSink((text) => writeSync(fd, text))
const api = await startBenchApi(database, { log: log.sink })
try {
  const headers = { authorization: `Bearer ${api.token}` }
  const bodies = new Map<string, string>()
  for (const r of routes) bodies.set(r.path, await (await fetch(`${api.url}${r.path}`, { headers })).text())
  const bare = await listen(
    new Hono().get("*", (c) =>
      c.body(bodies.get(c.req.path + new URL(c.req.url).search) ?? "", 200, {
        "content-type": "application/json",
      }),
    ).fetch,
  )
  process.stdout.write(`${database.name}, load ${loadavg()[0]?.toFixed(2)}\n`)
  for (let round = 0; round < ROUNDS; round++) {
    for (const r of routes) {
      const b = await loop(`${bare.url}${r.path}`, {})
      const a = await loop(`${api.url}${r.path}`, r.label === "healthz" ? {} : headers)
      process.stdout.write(
        `${r.label.padEnd(9)} api ${a.cpuMs.toFixed(3)} ms cpu/req ${a.rps.toFixed(0).padStart(5)} req/s | bare ${b.cpuMs.toFixed(3)} ms ${b.rps.toFixed(0).padStart(5)} req/s | cpu ratio ${(a.cpuMs / b.cpuMs).toFixed(2)}× share ${((100 * a.rps) / b.rps).toFixed(0)} %\n`,
      )
    }
  }
  await bare.close()
} finally {
  await api.close()
}
