/**
 * The per-token rate limit on the request path: the product (counted in process, written in batches)
 * beside what it replaced, measured in the same run on the same token: an upsert of the shared
 * counter on every request (and a delete of older windows on a window's first). 16 callers in a closed
 * loop, rounds alternating between the two; the figure is the median round.
 */
import { randomBytes } from "node:crypto"
import { cpus, loadavg } from "node:os"
import { and, eq, lt, sql } from "drizzle-orm"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import pg from "pg"
import { actingAs } from "../src/crm/actor.js"
import { ApiTokens } from "../src/crm/api-tokens.js"
import { CrmLive } from "../src/crm/index.js"
import { MAX_RATE_LIMIT_PER_MINUTE } from "../src/crm/token-scopes.js"
import { TokenRateLimits } from "../src/external/token-rate-limits.js"
import { Database, pgliteLayer, postgresLayer } from "../src/persistence/index.js"
import { apiTokenWindows } from "../src/persistence/tables/index.js"
import { makeTestOrganization } from "../test/crm-fixtures.js"
import { writeSection } from "./benchmarks-md.js"

const CALLERS = 16
const ROUND_MS = 1_500
const ROUNDS = 3

/** What every request did before: one upsert, and on a window's first request a delete. */
const writePerRequest = (tokenId: string, limit: number) =>
  Effect.gen(function* () {
    const database = yield* Database
    const now = Date.now()
    const windowStart = new Date(Math.floor(now / 60_000) * 60_000)
    const [row] = yield* database.use((db) =>
      db
        .insert(apiTokenWindows)
        .values({ tokenId, windowStart, count: 1 })
        .onConflictDoUpdate({
          target: [apiTokenWindows.tokenId, apiTokenWindows.windowStart],
          set: { count: sql`${apiTokenWindows.count} + 1` },
        })
        .returning({ count: apiTokenWindows.count }),
    )
    if (row?.count === 1)
      yield* database.use((db) =>
        db
          .delete(apiTokenWindows)
          .where(and(eq(apiTokenWindows.tokenId, tokenId), lt(apiTokenWindows.windowStart, windowStart))),
      )
    return (row?.count ?? 1) <= limit
  })

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0

/** Consumes per second and statements per consume, `CALLERS` at a time for `ROUND_MS`. */
const round = async (consume: () => Promise<unknown>, statements: () => number) => {
  const before = statements()
  const end = performance.now() + ROUND_MS
  let count = 0
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < end) {
        await consume()
        count++
      }
    }),
  )
  return { perSecond: count / (ROUND_MS / 1000), statements: (statements() - before) / count }
}

const measure = async (name: string, layer: Layer.Layer<Database>, countStatements: () => number) => {
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(TokenRateLimits.Default, CrmLive).pipe(Layer.provideMerge(layer)),
  )
  try {
    const tokenId = await runtime.runPromise(
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const created = yield* Effect.flatMap(ApiTokens, (t) => t.create("bench")).pipe(
          actingAs(org.adminActor),
        )
        return created.info.id as string
      }),
    )
    const limits = await runtime.runPromise(TokenRateLimits)
    const product = () => runtime.runPromise(limits.consume(tokenId, MAX_RATE_LIMIT_PER_MINUTE))
    const before = () => runtime.runPromise(writePerRequest(tokenId, MAX_RATE_LIMIT_PER_MINUTE))
    await round(product, countStatements)
    await round(before, countStatements)
    const products: Array<{ perSecond: number; statements: number }> = []
    const befores: Array<{ perSecond: number; statements: number }> = []
    for (let i = 0; i < ROUNDS; i++) {
      befores.push(await round(before, countStatements))
      products.push(await round(product, countStatements))
    }
    const p = median(products.map((r) => r.perSecond))
    const b = median(befores.map((r) => r.perSecond))
    const statements = (rows: typeof products) =>
      name.startsWith("PostgreSQL") ? median(rows.map((r) => r.statements)).toFixed(4) : "–"
    return `| ${name} | ${Math.round(p).toLocaleString("en")} /s | ${statements(products)} | ${Math.round(b).toLocaleString("en")} /s | ${statements(befores)} | ${(p / b).toFixed(1)}× |`
  } finally {
    await runtime.dispose()
  }
}

export const run = async () => {
  const load = loadavg()[0]?.toFixed(2)
  const rows: Array<string> = []
  rows.push(await measure("PGlite (in memory)", pgliteLayer(), () => 0))
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
  const admin = new pg.Client({ connectionString: url })
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  )
  if (reachable) {
    const schema = `bench_${randomBytes(4).toString("hex")}`
    await admin.query(`create schema ${schema}`)
    let statements = 0
    const query = pg.Client.prototype.query
    pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
      statements++
      return query.apply(this, args)
    } as typeof query
    try {
      rows.push(
        await measure(
          "PostgreSQL (local server)",
          postgresLayer({ url: Redacted.make(url), schema, max: 10 }),
          () => statements,
        ),
      )
    } finally {
      pg.Client.prototype.query = query
      await admin.query(`drop schema ${schema} cascade`)
    }
    await admin.end()
  }
  writeSection(
    "token-rate-limit",
    `## Per-token rate limit on the request path (\`pnpm --filter @app/core bench\`)

Measured ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores, 1-minute load average ${load} when the run started (shared machine: compare the ratio). ${CALLERS} callers in a closed loop on one token (limit ${MAX_RATE_LIMIT_PER_MINUTE.toLocaleString("en")} a minute, so nothing is refused), ${ROUNDS} rounds of ${ROUND_MS / 1000} s alternating between the two; median round. The baseline is what each request did before: an upsert of the shared counter (and, on a window's first request, a delete of the older windows).

| database | counted in process, written in batches | statements per request | upsert per request (before) | statements per request | ratio |
|---|---|---|---|---|---|
${rows.join("\n")}

A process writes its count once it reaches a twentieth of the limit or after at most ${1} s, so with several processes a token may pass its limit by at most 5 % of it per process (decision 0017).`,
  )
  process.stdout.write(`${rows.join("\n")}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
