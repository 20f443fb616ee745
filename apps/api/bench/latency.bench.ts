/**
 * SPEC §6: API latency percentiles and throughput under load, beside a bare Hono route serving the
 * same bytes, measured in the same run over real sockets. Load: CONCURRENCY clients in a loop for
 * DURATION_MS per route (client and server share this machine's cores, for both sides alike).
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { cpus, tmpdir } from "node:os"
import { join } from "node:path"
import { ApiTokens, actingAs, makeTestOrganization, Records } from "@app/core/crm"
import { IntegrationJobs, IntegrationState, PortalSetup } from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import { type Database, pgliteLayer, postgresLayer } from "@app/core/persistence"
import { startMockProjects } from "@app/mock-projects"
import { serve } from "@hono/node-server"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { Hono } from "hono"
import pg from "pg"
import { createApp } from "../src/app.js"
import { apiLayer } from "../src/http/runtime.js"
import { writeSection } from "./benchmarks-md.js"

const CONCURRENCY = 16
const DURATION_MS = 4_000
const ACCOUNTS = 2_000

interface Load {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly rps: number
  readonly errors: number
}

const listen = (fetchHandler: (request: Request) => Response | Promise<Response>) =>
  new Promise<{ url: string; close: () => Promise<void> }>((ready) => {
    const server = serve({ fetch: fetchHandler, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      ready({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    )
  })

const load = async (url: string, headers: Record<string, string>): Promise<Load> => {
  const latencies: Array<number> = []
  let errors = 0
  const end = performance.now() + DURATION_MS
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const start = performance.now()
        const response = await fetch(url, { headers })
        await response.arrayBuffer()
        if (response.status !== 200) errors++
        latencies.push(performance.now() - start)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), rps: latencies.length / (DURATION_MS / 1000), errors }
}

const ms = (value: number) => `${value.toFixed(2)} ms`

const postgresUrl = async () => {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    await client.end()
    return url
  } catch {
    return undefined
  }
}

export const runLatencyBench = async () => {
  const rows: Array<string> = []
  rows.push(
    ...(await measureOn("PGlite", async () => {
      const dir = mkdtempSync(join(tmpdir(), "bench-latency-"))
      return { layer: pgliteLayer(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
    })),
  )
  const url = await postgresUrl()
  if (url !== undefined) {
    rows.push(
      ...(await measureOn("PostgreSQL", async () => {
        const schema = `bench_${randomBytes(4).toString("hex")}`
        const admin = new pg.Client({ connectionString: url })
        await admin.connect()
        await admin.query(`create schema ${schema}`)
        return {
          layer: postgresLayer({ url: Redacted.make(url), schema, max: 10 }),
          cleanup: async () => {
            await admin.query(`drop schema ${schema} cascade`)
            await admin.end()
          },
        }
      })),
    )
  }
  writeSection(
    "api-latency",
    `## API latency under load (\`pnpm --filter @app/api bench\`)

Measured ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores: ${CONCURRENCY} concurrent clients for ${DURATION_MS / 1000} s per route over real sockets, the load generator in the same process as the server (both sides alike). The baseline is a bare Hono route on @hono/node-server answering the very bytes the API answered for that route; the ratio is what authentication, permissions, validation, the database and encoding cost. PGlite runs every query on the one thread it shares with the server; PostgreSQL answers on its own processes.

| database | route | API p50 / p95 / p99 | bare route p50 / p95 / p99 | p50 ratio | API throughput | bare throughput | throughput ratio |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}`,
  )
}

const measureOn = async (
  name: string,
  open: () => Promise<{ layer: Layer.Layer<Database>; cleanup: () => Promise<void> }>,
): Promise<Array<string>> => {
  const mock = await startMockProjects({ port: 0, seed: 11, projects: 2_000, clients: 100, clientUsers: 200 })
  const database = await open()
  const runtime = ManagedRuntime.make(
    apiLayer(database.layer, {
      projects: { apiUrl: mock.url, accountsUrl: mock.url },
      publicUrl: "http://127.0.0.1:9",
      appSecret: Redacted.make(randomBytes(32).toString("hex")),
    }),
  )
  const api = await listen(createApp(runtime, { log: () => undefined }).fetch)
  try {
    const token = await runtime.runPromise(
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const admin = { ...org.adminActor, via: "session" as const }
        const records = yield* Records
        yield* Effect.forEach(
          Array.from({ length: ACCOUNTS }, (_, i) => i),
          (i) =>
            records.create("accounts", {
              name: `Account ${String(i).padStart(5, "0")}`,
              owner: org.admin.id,
            }),
          { concurrency: 4, discard: true },
        ).pipe(actingAs(admin))
        // A portal with 2,000 projects, imported, for the Projects tab.
        const state = yield* Effect.promise(() => mock.control.state())
        const portal = state.portals[0]
        const email = portal?.owner?.email ?? ""
        const key = Redacted.make((yield* Effect.promise(() => mock.control.keys(email))).key ?? "")
        yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(actingAs(admin))
        yield* Effect.flatMap(PortalSetup, (s) =>
          s.choosePortal({ portalId: portal?.id ?? "", source: { _tag: "ServiceKey", email, key } }),
        ).pipe(actingAs(admin))
        yield* Effect.gen(function* () {
          const runner = yield* JobRunner
          while ((yield* runner.runOnce) > 0) {
            /* import */
          }
        }).pipe(Effect.provide(IntegrationJobs.pipe(Layer.provideMerge(JobRunner.layer()))))
        const created = yield* Effect.flatMap(ApiTokens, (t) => t.create("latency bench")).pipe(
          actingAs(admin),
        )
        return Redacted.value(created.token)
      }),
    )
    const auth = { authorization: `Bearer ${token}` }
    const routes = [
      { label: "GET /healthz (no database)", path: "/healthz", headers: {} },
      {
        label: "GET /api/v1/accounts?limit=50 (token, 2,000 accounts)",
        path: "/api/v1/accounts?limit=50",
        headers: auth,
      },
      {
        label: "GET /api/v1/projects?limit=50 (token, permissions, 2,000 projects)",
        path: "/api/v1/projects?limit=50",
        headers: auth,
      },
    ]
    const rows: Array<string> = []
    for (const route of routes) {
      const body = await (await fetch(`${api.url}${route.path}`, { headers: route.headers })).text()
      // The baseline: a bare Hono route answering the same bytes, served the same way.
      const bare = await listen(
        new Hono().get("*", (c) => c.body(body, 200, { "content-type": "application/json" })).fetch,
      )
      try {
        const baseline = await load(`${bare.url}${route.path}`, {})
        const product = await load(`${api.url}${route.path}`, route.headers)
        if (product.errors > 0) throw new Error(`${route.label}: ${product.errors} non-200 answers`)
        rows.push(
          `| ${name} | ${route.label} | ${ms(product.p50)} / ${ms(product.p95)} / ${ms(product.p99)} | ${ms(baseline.p50)} / ${ms(baseline.p95)} / ${ms(baseline.p99)} | ${(product.p50 / baseline.p50).toFixed(2)}× | ${Math.round(product.rps)} req/s | ${Math.round(baseline.rps)} req/s | ${(baseline.rps / product.rps).toFixed(2)}× |`,
        )
        process.stdout.write(`${rows.at(-1)}\n`)
      } finally {
        await bare.close()
      }
    }
    return rows
  } finally {
    await api.close()
    await runtime.dispose()
    await mock.close()
    await database.cleanup()
  }
}
