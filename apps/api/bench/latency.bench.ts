/**
 * SPEC §6: API latency percentiles and throughput under load, beside a bare Hono route serving the
 * same bytes, measured in the same run over real sockets, with 100,000 projects in the table. Closed
 * loop: CONCURRENCY clients for DURATION_MS per route; open loop: search requests sent at OPEN_RATE
 * per second whatever the answers, latency counted from when each was due (client and server share
 * this machine's cores, for both sides alike).
 */
import { cpus, loadavg } from "node:os"
import { Hono } from "hono"
import { writeSection } from "./benchmarks-md.js"
import {
  type BenchDatabase,
  listen,
  PROJECTS,
  pgliteDatabase,
  postgresDatabase,
  postgresUrl,
  RECORDS,
  startBenchApi,
} from "./fixture.js"

const CONCURRENCY = 16
const DURATION_MS = 2_000
/** Closed-loop rounds per route, alternating bare route and API, so a swing of the machine's load hits both. */
const ROUNDS = 3
/** Requests sent one at a time (nothing queued): the latency of a single search. */
const SINGLE = 80
const OPEN_RATE = 300
const OPEN_MS = 4_000
const OPEN_TIMEOUT_MS = 2_000
const SEARCHES = ["summit", "atlas mig", "Harbor Launch", "quartz", "redwood audit", "1234", "lumen", "upgr"]

interface Load {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly rps: number
  readonly errors: number
}

const percentiles = (latencies: Array<number>, seconds: number, errors: number): Load => {
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), rps: latencies.length / seconds, errors }
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0

/** One request at a time, `SINGLE` of them: latency with nothing queued. */
const oneAtATime = async (urls: ReadonlyArray<string>, headers: Record<string, string>): Promise<Load> => {
  const latencies: Array<number> = []
  let errors = 0
  const started = performance.now()
  for (let i = 0; i < SINGLE; i++) {
    const start = performance.now()
    const response = await fetch(urls[i % urls.length] ?? "", { headers })
    await response.arrayBuffer()
    if (response.status !== 200) errors++
    latencies.push(performance.now() - start)
  }
  return percentiles(latencies, (performance.now() - started) / 1000, errors)
}

const closedLoop = async (urls: ReadonlyArray<string>, headers: Record<string, string>): Promise<Load> => {
  const latencies: Array<number> = []
  let errors = 0
  let n = 0
  const end = performance.now() + DURATION_MS
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const start = performance.now()
        const response = await fetch(urls[n++ % urls.length] ?? "", { headers })
        await response.arrayBuffer()
        if (response.status !== 200) errors++
        latencies.push(performance.now() - start)
      }
    }),
  )
  return percentiles(latencies, DURATION_MS / 1000, errors)
}

const openLoop = async (urls: ReadonlyArray<string>, headers: Record<string, string>): Promise<Load> => {
  const latencies: Array<number> = []
  let errors = 0
  const started = performance.now()
  const total = Math.round((OPEN_RATE * OPEN_MS) / 1000)
  const inFlight: Array<Promise<void>> = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / OPEN_RATE
    const wait = due - performance.now()
    if (wait > 1) await new Promise((next) => setTimeout(next, wait))
    inFlight.push(
      // A request not answered within OPEN_TIMEOUT_MS counts as failed: past capacity the queue only grows.
      fetch(urls[i % urls.length] ?? "", { headers, signal: AbortSignal.timeout(OPEN_TIMEOUT_MS) })
        .then(async (response) => {
          await response.arrayBuffer()
          if (response.status !== 200) errors++
          latencies.push(performance.now() - due)
        })
        .catch(() => {
          errors++
        }),
    )
  }
  await Promise.all(inFlight)
  return percentiles(latencies, OPEN_MS / 1000, errors)
}

const ms = (value: number) => `${value.toFixed(2)} ms`
const n = (value: number) => value.toLocaleString("en")

/**
 * While tuning, `BENCH_DATABASE=postgres|pglite` and `BENCH_ROUTES=projects,search,…` (substrings of the
 * labels, plus `open` for the open loop) narrow the run; a narrowed run prints and writes nothing.
 */
const only = {
  database: process.env.BENCH_DATABASE,
  routes: process.env.BENCH_ROUTES?.split(",").filter((r) => r.length > 0),
}
const narrowed = only.database !== undefined || only.routes !== undefined
const wanted = (label: string) => only.routes === undefined || only.routes.some((r) => label.includes(r))

export const runLatencyBench = async () => {
  const load = loadavg()[0]?.toFixed(2)
  const rows: Array<string> = []
  const singles: Array<string> = []
  const open: Array<string> = []
  const databases: Array<() => Promise<BenchDatabase>> = []
  if (only.database !== "postgres") databases.push(async () => pgliteDatabase())
  const url = only.database === "pglite" ? undefined : await postgresUrl()
  if (url !== undefined) databases.push(() => postgresDatabase(url))
  for (const database of databases) {
    const measured = await measureOn(await database())
    rows.push(...measured.closed)
    singles.push(...measured.single)
    open.push(measured.open)
  }
  if (narrowed) return
  writeSection(
    "api-latency",
    `## API latency under load (\`pnpm --filter @app/api bench\`)

Measured ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores, 1-minute load average ${load} when the run started (the machine is shared: compare ratios, not times). ${n(PROJECTS)} projects (a portal imported by the product's job, then grown set-based), ${n(RECORDS)} accounts and ${n(RECORDS)} deals, requests with an API token. Closed loop: ${CONCURRENCY} clients over real sockets, ${ROUNDS} rounds of ${DURATION_MS / 1000} s per route alternating bare route and API (a swing of the shared machine's load hits both); the row is the round with the median share, the last column lists every round's share; the load generator in the same process as the server (both sides alike). The baseline is a bare Hono route on @hono/node-server answering the very bytes the API answered for that route; the ratio is what authentication, permissions, validation, the database and encoding cost. PGlite runs every query on the one thread it shares with the server; PostgreSQL answers on its own processes.

| database | route | API p50 / p95 / p99 | bare route p50 / p95 / p99 | p50 ratio | API throughput | bare throughput | share of the bare route's throughput (each round) |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Open loop: search by name (${SEARCHES.length} terms in turn) sent at ${OPEN_RATE} requests per second for ${OPEN_MS / 1000} s, each latency counted from when the request was due; one not answered within ${OPEN_TIMEOUT_MS / 1000} s is counted as failed.

| database | API p50 / p95 / p99 | bare route p50 / p95 / p99 | answered |
|---|---|---|---|
${open.join("\n")}

One search at a time (${SINGLE} requests, the same ${SEARCHES.length} terms in turn, nothing queued):

| database | API p50 / p95 / p99 | bare route p50 / p95 / p99 |
|---|---|---|
${singles.join("\n")}

Targets from issue #12 (PostgreSQL): Projects tab page, accounts and deals ≥ 33 % of the bare route's throughput; search p50 ≤ 20 ms; open-loop search p99 ≤ 25 ms.`,
  )
}

const measureOn = async (database: BenchDatabase) => {
  const api = await startBenchApi(database)
  try {
    const auth = { authorization: `Bearer ${api.token}` }
    const search = SEARCHES.map((term) => `/api/v1/projects?limit=50&search=${encodeURIComponent(term)}`)
    const routes = [
      { label: "GET /healthz (no database)", paths: ["/healthz"], headers: {} },
      { label: `GET /api/v1/accounts?limit=50`, paths: ["/api/v1/accounts?limit=50"], headers: auth },
      { label: `GET /api/v1/deals?limit=50`, paths: ["/api/v1/deals?limit=50"], headers: auth },
      {
        label: "GET /api/v1/projects?limit=50 (Projects tab page)",
        paths: ["/api/v1/projects?limit=50"],
        headers: auth,
      },
      { label: "GET /api/v1/projects?limit=50&search=… (search by name)", paths: search, headers: auth },
    ]
    const closed: Array<string> = []
    const single: Array<string> = []
    // The baseline: a bare Hono route answering the same bytes per path, served the same way.
    const bodies = new Map<string, string>()
    for (const route of routes) {
      for (const path of route.paths) {
        bodies.set(path, await (await fetch(`${api.url}${path}`, { headers: route.headers })).text())
      }
    }
    const bare = await listen(
      new Hono().get("*", (c) =>
        c.body(bodies.get(c.req.path + new URL(c.req.url).search) ?? "", 200, {
          "content-type": "application/json",
        }),
      ).fetch,
    )
    try {
      for (const route of routes) {
        if (!wanted(route.label)) continue
        const bareUrls = route.paths.map((p) => `${bare.url}${p}`)
        const apiUrls = route.paths.map((p) => `${api.url}${p}`)
        const rounds: Array<{ baseline: Load; product: Load }> = []
        for (let round = 0; round < ROUNDS; round++) {
          rounds.push({
            baseline: await closedLoop(bareUrls, {}),
            product: await closedLoop(apiUrls, route.headers),
          })
        }
        // The round whose share is the median; its latencies are the ones shown.
        const shares = rounds.map((r) => r.product.rps / r.baseline.rps)
        const chosen = rounds[shares.indexOf(median(shares))]
        if (chosen === undefined) throw new Error(`${route.label}: no round`)
        const { baseline, product } = chosen
        const errors = rounds.reduce((sum, r) => sum + r.product.errors, 0)
        if (errors > 0) throw new Error(`${route.label}: ${errors} non-200 answers`)
        closed.push(
          `| ${database.name} | ${route.label} | ${ms(product.p50)} / ${ms(product.p95)} / ${ms(product.p99)} | ${ms(baseline.p50)} / ${ms(baseline.p95)} / ${ms(baseline.p99)} | ${(product.p50 / baseline.p50).toFixed(2)}× | ${Math.round(product.rps)} req/s | ${Math.round(baseline.rps)} req/s | ${Math.round(100 * median(shares))} % (${shares.map((x) => Math.round(100 * x)).join(", ")}) |`,
        )
        process.stdout.write(`${closed.at(-1)}\n`)
      }
      if (wanted("single")) {
        const bareSingle = await oneAtATime(
          search.map((p) => `${bare.url}${p}`),
          {},
        )
        const apiSingle = await oneAtATime(
          search.map((p) => `${api.url}${p}`),
          auth,
        )
        single.push(
          `| ${database.name} | ${ms(apiSingle.p50)} / ${ms(apiSingle.p95)} / ${ms(apiSingle.p99)} | ${ms(bareSingle.p50)} / ${ms(bareSingle.p95)} / ${ms(bareSingle.p99)} |`,
        )
        process.stdout.write(`${single.at(-1)}\n`)
      }
      if (!wanted("open")) return { closed, single, open: "" }
      const baseline = await openLoop(
        search.map((p) => `${bare.url}${p}`),
        {},
      )
      const product = await openLoop(
        search.map((p) => `${api.url}${p}`),
        auth,
      )
      const answered = `${n(Math.round(product.rps * (OPEN_MS / 1000)))} of ${n(Math.round((OPEN_RATE * OPEN_MS) / 1000))}, ${n(product.errors)} failed`
      const open = `| ${database.name} | ${ms(product.p50)} / ${ms(product.p95)} / ${ms(product.p99)} | ${ms(baseline.p50)} / ${ms(baseline.p95)} / ${ms(baseline.p99)} | ${answered} |`
      process.stdout.write(`${open}\n`)
      return { closed, single, open }
    } finally {
      await bare.close()
    }
  } finally {
    await api.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runLatencyBench()
