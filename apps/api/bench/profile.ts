/**
 * Where a request's time goes: a CPU profile (V8's sampling profiler, the one `--cpu-prof` starts) of
 * the API under a closed loop of 16 clients on the Projects tab page, summarised by package, and the
 * SQL round trips each route makes. `pnpm --filter @app/api bench:profile` writes its BENCHMARKS.md section
 * and leaves the `.cpuprofile` (open it in Chrome DevTools) in the system's temporary directory.
 */
import { openSync, readFileSync, writeFileSync, writeSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { cpus, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { batchedSink } from "@app/core/logging"
import { Database } from "@app/core/persistence"
import type { Effect } from "effect"
import pg from "pg"
import { writeSection } from "./benchmarks-md.js"
import {
  type BenchApi,
  PROJECTS,
  pgliteDatabase,
  postgresDatabase,
  postgresUrl,
  startBenchApi,
} from "./fixture.js"

const CONCURRENCY = 16
const DURATION_MS = 5_000

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: ReadonlyArray<number>
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const categories: ReadonlyArray<readonly [string, (url: string, fn: string) => boolean]> = [
  [
    "load generator (fetch client, same process)",
    (url) => url.includes("undici") || url.includes("node:internal/deps/undici"),
  ],
  ["garbage collection", (_, fn) => fn === "(garbage collector)"],
  ["Drizzle (query building, row mapping)", (url) => url.includes("drizzle-orm")],
  ["Effect runtime", (url) => url.includes("/effect/dist")],
  [
    "node-postgres (protocol, parsing, socket writes)",
    (url) => /\/pg(-protocol|-types|-pool)?\//.test(url) || url.includes("postgres-"),
  ],
  ["PGlite (the database itself)", (url) => url.includes("@electric-sql/pglite")],
  ["Hono and its node server", (url) => url.includes("/hono/") || url.includes("@hono/node-server")],
  [
    "our code (apps/api, packages/core)",
    (url) => url.includes("/apps/api/src") || url.includes("/packages/core/src"),
  ],
  ["V8 (program)", (_, fn) => fn === "(program)"],
  ["the profiler itself", (url) => url === "node:inspector"],
]

const categoryByFrame = (url: string, functionName: string) =>
  categories.find(([, test]) => test(url, functionName))?.[0] ?? "other"

const summarize = (profile: Profile) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  // Native frames and Node's own (socket writev, stream buffers, JSON) count for the library that
  // called them: the pg driver's writes are node-postgres, not Node.
  const own = (id: number) => {
    const node = byId.get(id)
    if (!node) return undefined
    const { url, functionName } = node.callFrame
    if (functionName === "(root)") return undefined
    if (url.includes("undici")) return categoryByFrame(url, functionName)
    if (functionName.startsWith("(") || url === "node:inspector") return categoryByFrame(url, functionName)
    if (url === "" || url.startsWith("node:")) return undefined
    return categoryByFrame(url, functionName)
  }
  const categoryOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const found = own(at)
      if (found !== undefined) return found
    }
    return "Node internals and native (HTTP server, streams)"
  }
  const selfTime = new Map<number, number>()
  profile.samples.forEach((id, i) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  const totals = new Map<string, number>()
  const functions = new Map<string, number>()
  let idle = 0
  for (const [id, micros] of selfTime) {
    const node = byId.get(id)
    if (!node) continue
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === "(idle)") {
      idle += micros
      continue
    }
    const category = categoryOf(id)
    totals.set(category, (totals.get(category) ?? 0) + micros)
    const where = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(/^file:\/\/.*\/(apps|packages)\//, "$1/")}:${lineNumber + 1}`
    if (!category.startsWith("load generator")) functions.set(where, (functions.get(where) ?? 0) + micros)
  }
  const load = totals.get(categories[0]?.[0] ?? "") ?? 0
  const busy = [...totals.values()].reduce((a, b) => a + b, 0) - load
  return { totals, functions, busy, idle, load }
}

/** Counts the statements sent to PostgreSQL: installed before the pool opens its connections. */
const countPostgresStatements = () => {
  let count = 0
  const query = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
    count++
    return query.apply(this, args)
  } as typeof query
  return () => count
}

/** Counts the statements PGlite runs. */
const countPgliteStatements = async (runtime: BenchApi["runtime"]) => {
  let count = 0
  const database = await runtime.runPromise(Database as unknown as Effect.Effect<Database["Type"]>)
  const client = database.driver.pglite
  if (client) {
    const query = client.query.bind(client)
    client.query = ((...args: Parameters<typeof query>) => {
      count++
      return query(...args)
    }) as typeof query
  }
  return () => count
}

const closedLoop = async (url: string, headers: Record<string, string>) => {
  let requests = 0
  const end = performance.now() + DURATION_MS
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
  return requests
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`

const tables = (profile: Profile, requests: number) => {
  const { totals, functions, busy, load } = summarize(profile)
  const rows = [...totals]
    .filter(([category]) => !category.startsWith("load generator"))
    .sort((a, b) => b[1] - a[1])
    .map(
      ([category, micros]) =>
        `| ${category} | ${(micros / 1000 / requests).toFixed(3)} ms | ${pct(micros, busy)} |`,
    )
  const top = [...functions]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([where, micros]) => `| \`${where}\` | ${pct(micros, busy)} |`)
  return { rows, top, load: pct(load, busy + load) }
}

export const runProfile = async () => {
  const url = await postgresUrl()
  const database = url === undefined ? pgliteDatabase() : await postgresDatabase(url)
  const countOnPostgres = database.name === "PostgreSQL" ? countPostgresStatements() : undefined
  const fd = openSync("/dev/null", "w")
  // The production sink, writing synchronously as stdout does on a pipe.
  const log = batchedSink((text) => writeSync(fd, text))
  const api = await startBenchApi(database, { log: log.sink })
  try {
    const headers = { authorization: `Bearer ${api.token}` }
    const routes = [
      "/api/v1/projects?limit=50",
      "/api/v1/projects?limit=50&search=summit",
      "/api/v1/accounts?limit=50",
      "/api/v1/deals?limit=50",
    ]
    const trips = countOnPostgres ?? (await countPgliteStatements(api.runtime))
    const roundTrips: Array<string> = []
    for (const route of routes) {
      // Warm: caches filled, the once-a-minute token stamp written.
      for (let i = 0; i < 3; i++) await (await fetch(`${api.url}${route}`, { headers })).arrayBuffer()
      const before = trips()
      for (let i = 0; i < 10; i++) await (await fetch(`${api.url}${route}`, { headers })).arrayBuffer()
      roundTrips.push(`| GET ${route} | ${((trips() - before) / 10).toFixed(1)} |`)
    }
    const target = `${api.url}/api/v1/projects?limit=50`
    await closedLoop(target, headers)
    const session = new Session()
    session.connect()
    await session.post("Profiler.enable")
    await session.post("Profiler.setSamplingInterval", { interval: 200 })
    await session.post("Profiler.start")
    const requests = await closedLoop(target, headers)
    const { profile } = (await session.post("Profiler.stop")) as { profile: Profile }
    session.disconnect()
    const file = join(tmpdir(), `api-projects-${Date.now()}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    const { rows, top, load } = tables(profile, requests)
    const body = `## Where a request's time goes (\`pnpm --filter @app/api bench:profile\`)

Measured ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores, 1-minute load ${loadavg()[0]?.toFixed(2)} when it started; ${database.name}, ${PROJECTS.toLocaleString("en")} projects. A CPU profile (V8's sampling profiler, as \`--cpu-prof\`) of the API process during ${DURATION_MS / 1000} s of ${CONCURRENCY} clients in a closed loop on \`GET /api/v1/projects?limit=50\` (${requests} requests, ${Math.round(requests / (DURATION_MS / 1000))} req/s), with the production log sink writing to /dev/null. The load generator runs in the same process; its share (${load} of the samples) is left out of the table.

| where the API's busy time goes | per request | share |
|---|---|---|
${rows.join("\n")}

Heaviest functions (self time, share of the API's busy time):

| function | share |
|---|---|
${top.join("\n")}

SQL round trips per request (after a warm-up, mean of 10):

| route | round trips |
|---|---|
${roundTrips.join("\n")}`
    writeSection("request-profile", body)
    process.stdout.write(`${body}\n\nprofile: ${file}\n`)
  } finally {
    await api.close()
  }
}

// `bench:profile` runs it alone; `bench:profile file.cpuprofile requests` re-reads a saved profile.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [saved, count] = process.argv.slice(2)
  if (saved?.endsWith(".cpuprofile")) {
    const { rows, top } = tables(JSON.parse(readFileSync(saved, "utf8")) as Profile, Number(count ?? 1))
    process.stdout.write(`${rows.join("\n")}\n\n${top.join("\n")}\n`)
  } else await runProfile()
}
