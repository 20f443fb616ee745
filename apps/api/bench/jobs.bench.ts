/**
 * Job runners: how soon a queued job starts (LISTEN/NOTIFY wake-up, polling once a second only as a
 * fallback) beside the bare NOTIFY round trip between two connections, and how many small jobs one
 * runner and then two runners on their own connections finish per second, each job run once.
 */
import { randomBytes } from "node:crypto"
import { cpus, loadavg } from "node:os"
import { JobQueue, makeJobRunner } from "@app/core/jobs"
import { Database, type DatabaseShape, pgliteLayer, postgresLayer } from "@app/core/persistence"
import { sql } from "drizzle-orm"
import { Context, Deferred, Effect, Layer, Redacted } from "effect"
import pg from "pg"
import { writeSection } from "./benchmarks-md.js"

const PICKUPS = 40
const JOBS = 2_000

const percentile = (values: ReadonlyArray<number>, q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
}

const open = (layer: Layer.Layer<Database>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context, Database))

/** From enqueue (committed) to the handler running, one job at a time. */
const pickup = (database: DatabaseShape) =>
  Effect.gen(function* () {
    const queue = yield* JobQueue.pipe(
      Effect.provide(JobQueue.Default),
      Effect.provideService(Database, database),
    )
    const runner = yield* makeJobRunner({ pollInterval: "1 second" }).pipe(
      Effect.provideService(Database, database),
    )
    let started: Deferred.Deferred<number> | undefined
    yield* runner.register("pickup", () =>
      Effect.suspend(() => (started ? Deferred.succeed(started, performance.now()) : Effect.void)),
    )
    yield* runner.start
    yield* Effect.sleep("200 millis")
    const delays: Array<number> = []
    for (let i = 0; i < PICKUPS; i++) {
      started = yield* Deferred.make<number>()
      const at = performance.now()
      yield* queue.enqueue({ kind: "pickup", payload: i })
      delays.push((yield* Deferred.await(started)) - at)
      yield* Effect.sleep("20 millis")
    }
    return delays
  })

/** The floor: NOTIFY on one connection until the other connection's listener hears it. */
const notifyRoundTrip = (database: DatabaseShape) =>
  Effect.gen(function* () {
    const channel = `bench_${randomBytes(4).toString("hex")}`
    let heard: Deferred.Deferred<number> | undefined
    yield* database.notifications.subscribe(channel, {
      onMessage: () => {
        if (heard) Deferred.unsafeDone(heard, Effect.succeed(performance.now()))
      },
      onGap: () => undefined,
    })
    yield* Effect.sleep("200 millis")
    const delays: Array<number> = []
    for (let i = 0; i < PICKUPS; i++) {
      heard = yield* Deferred.make<number>()
      const at = performance.now()
      yield* database.execute(sql`select pg_notify(${channel}, ${String(i)})`)
      delays.push((yield* Deferred.await(heard)) - at)
    }
    return delays
  })

/** JOBS small jobs queued at once, run by the given runners; jobs per second and runs per job. */
const throughput = (databases: ReadonlyArray<DatabaseShape>, kind: string) =>
  Effect.gen(function* () {
    const first = databases[0]
    if (first === undefined) return { perSecond: 0, once: false }
    yield* first.execute(sql`
      insert into jobs (kind, payload, run_at, created_at, updated_at)
      select ${kind}, to_jsonb(g), now(), now(), now() from generate_series(1, ${JOBS}) g`)
    const runs = new Map<string, number>()
    const done = yield* Deferred.make<number>()
    const started = performance.now()
    for (const database of databases) {
      const runner = yield* makeJobRunner({ pollInterval: "1 second" }).pipe(
        Effect.provideService(Database, database),
      )
      yield* runner.register(kind, (job) =>
        Effect.sync(() => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1)
          if (runs.size === JOBS) Deferred.unsafeDone(done, Effect.succeed(performance.now()))
        }),
      )
      yield* runner.start
    }
    const ended = yield* Deferred.await(done)
    yield* Effect.sleep("300 millis")
    return { perSecond: JOBS / ((ended - started) / 1000), once: [...runs.values()].every((n) => n === 1) }
  })

const measure = (name: string, layer: () => Layer.Layer<Database>) =>
  Effect.gen(function* () {
    const a = yield* open(layer())
    const b = a.dialect === "postgres" ? yield* open(layer()) : undefined
    const delays = yield* Effect.scoped(pickup(a))
    const floor = yield* notifyRoundTrip(a)
    const one = yield* Effect.scoped(throughput([a], "bench_one"))
    const two = b ? yield* Effect.scoped(throughput([a, b], "bench_two")) : undefined
    const ms = (v: number) => `${v.toFixed(1)} ms`
    return `| ${name} | ${ms(percentile(delays, 0.5))} / ${ms(percentile(delays, 0.95))} | ${ms(percentile(floor, 0.5))} / ${ms(percentile(floor, 0.95))} | ${Math.round(one.perSecond)} jobs/s | ${two ? `${Math.round(two.perSecond)} jobs/s (${two.once ? "each job run once" : "SOME JOB RAN TWICE"})` : "– (one process)"} |`
  })

export const runJobsBench = async () => {
  const load = loadavg()[0]?.toFixed(2)
  const rows: Array<string> = []
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
  const admin = new pg.Client({ connectionString: url })
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  )
  rows.push(await Effect.runPromise(Effect.scoped(measure("PGlite (in memory)", () => pgliteLayer()))))
  if (reachable) {
    const schema = `bench_${randomBytes(4).toString("hex")}`
    await admin.query(`create schema ${schema}`)
    try {
      const layer = () => postgresLayer({ url: Redacted.make(url), schema, max: 4 })
      // The first layer migrates; open it once before measuring so both handles find the tables.
      await Effect.runPromise(Effect.scoped(Effect.asVoid(open(layer()))))
      rows.push(await Effect.runPromise(Effect.scoped(measure("PostgreSQL (local server)", layer))))
    } finally {
      await admin.query(`drop schema ${schema} cascade`)
    }
  }
  if (reachable) await admin.end()
  writeSection(
    "jobs",
    `## Job runners (\`pnpm --filter @app/core bench\`)

Measured ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores, 1-minute load average ${load} when the run started (shared machine). Pick-up: a runner is started (fallback poll every second), then ${PICKUPS} jobs are queued one at a time; the delay runs from the enqueue's commit to the handler starting. Its floor, in the same run: a NOTIFY on a pooled connection until the listening connection hears it. Throughput: ${JOBS.toLocaleString("en")} small jobs queued at once, run by one runner (4 at a time), then by two runners each on its own connections (as two API processes).

| database | pick-up p50 / p95 | NOTIFY round trip p50 / p95 | one runner | two runners |
|---|---|---|---|---|
${rows.join("\n")}

Targets from issue #12 (PostgreSQL): pick-up p50 ≤ 50 ms; ≥ 100 small jobs/s per instance; two instances share the load, each job run once.`,
  )
  process.stdout.write(`${rows.join("\n")}\n`)
}
