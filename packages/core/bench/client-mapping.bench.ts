/**
 * Issue #7 item 6: automatic client mapping of 20,000 Projects clients against 200,000 CRM accounts,
 * on PGlite and on PostgreSQL (DATABASE_URL, else the local server if it answers), beside a baseline
 * measured in the same run on the same rows: read the clients, normalize their names and run the bare
 * join on the accounts' normalized-name index. The product does that plus the reasons (no account,
 * several accounts, account taken), the one-account-one-client rule and the writes, in one transaction.
 */
import { randomBytes } from "node:crypto"
import { cpus, loadavg } from "node:os"
import { sql } from "drizzle-orm"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import pg from "pg"
import type { OrganizationId } from "../src/crm/model.js"
import { normalizeAccountName } from "../src/crm/normalize-name.js"
import { computeOutcomes, mapAutomatically } from "../src/integration/client-mapping/matching.js"
import { Database, pgliteLayer, postgresLayer } from "../src/persistence/index.js"
import { writeSection } from "./benchmarks-md.js"

const CLIENTS = 20_000
const ACCOUNTS = 200_000
const RUNS = 5

interface Target {
  readonly name: string
  readonly layer: Layer.Layer<Database>
  readonly cleanup: () => Promise<void>
}

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

const postgresTarget = (url: string): Target => {
  const schema = `bench_${randomBytes(4).toString("hex")}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  return {
    name: "PostgreSQL (local server)",
    layer: Layer.unwrapEffect(
      Effect.promise(async () => {
        await admin(`create schema ${schema}`)
        return postgresLayer({ url: Redacted.make(url), schema, max: 4 })
      }),
    ),
    cleanup: () => admin(`drop schema ${schema} cascade`),
  }
}

/**
 * 200,000 accounts "Company n" (n ≤ 190,000; the last 10,000 repeat the names of the first 10,000) and
 * 20,000 clients whose names differ from an account's by case and spacing ("  COMPANY   7n"), every
 * tenth named after no account, one in a hundred sharing another client's name. Inserted set-based.
 */
export const seedFor = Effect.gen(function* () {
  const database = yield* Database
  const [org] = yield* database.execute<{ id: OrganizationId }>(
    sql`insert into crm_organizations (name, edition) values ('Bench org', 'enterprise') returning id`,
  )
  const organizationId = org?.id ?? ("" as OrganizationId)
  const [profile] = yield* database.execute<{ id: string }>(
    sql`insert into crm_profiles (organization_id, name, is_admin, built_in) values (${organizationId}, 'Administrator', true, true) returning id`,
  )
  const [user] = yield* database.execute<{ id: string }>(
    sql`insert into crm_users (organization_id, profile_id, name, email) values (${organizationId}, ${profile?.id}, 'Bench Admin', 'bench@example.test') returning id`,
  )
  yield* database.execute(sql`
    insert into crm_records (organization_id, module, name, normalized_name, owner_id)
    select ${organizationId}::uuid, 'accounts', 'Company ' || k, 'company ' || k, ${user?.id}::uuid
    from generate_series(1, ${ACCOUNTS}) as i, lateral (select case when i > ${ACCOUNTS - 10_000} then i - ${ACCOUNTS - 10_000} else i end as k) as n`)
  yield* database.execute(sql`
    insert into integration_clients (organization_id, projects_id, name, data)
    select ${organizationId}::uuid, 'c' || i,
           case when i % 10 = 0 then 'Nobody ' || i
                when i % 100 = 1 and i > 1 then '  COMPANY   ' || ((i - 1) * 7)
                else '  COMPANY   ' || (i * 7) end,
           '{}'::jsonb
    from generate_series(1, ${CLIENTS}) as i`)
  yield* database.execute(sql`analyze crm_records`)
  yield* database.execute(sql`analyze integration_clients`)
  return organizationId
})

const reset = (organizationId: OrganizationId) =>
  Effect.flatMap(Database, (database) =>
    database.execute(
      sql`update integration_clients set account_id = null, mapped_by = null where organization_id = ${organizationId}::uuid`,
    ),
  )

/** The product's map phase: compute every outcome and write the mappings, in one transaction. */
const product = (organizationId: OrganizationId) =>
  Effect.flatMap(Database, (database) =>
    database.transaction(
      Effect.gen(function* () {
        const counts = yield* mapAutomatically(database, organizationId)
        const [written] = yield* database.execute<{ n: number }>(
          sql`select count(*)::int as n from integration_clients where organization_id = ${organizationId}::uuid and account_id is not null`,
        )
        return { ...counts, written: written?.n ?? 0 }
      }),
    ),
  )

/** The floor: read the clients, normalize their names, bare join on the index. */
const baseline = (organizationId: OrganizationId) =>
  Effect.gen(function* () {
    const database = yield* Database
    const clients = yield* database.execute<{ id: string; name: string }>(
      sql`select projects_id as id, name from integration_clients where organization_id = ${organizationId}::uuid`,
    )
    const input = JSON.stringify(clients.map((c) => ({ i: c.id, n: normalizeAccountName(c.name) })))
    const pairs = yield* database.execute<{ client_id: string; account_id: string }>(sql`
      select e->>'i' as client_id, a.id as account_id
      from jsonb_array_elements(${input}::jsonb) as e
      join crm_records a
        on a.organization_id = ${organizationId}::uuid and a.module = 'accounts' and a.normalized_name = e->>'n'`)
    return pairs.length
  })

/** The write floor: the bare join, then a bare update writing the same mappings the product wrote. */
const joinAndWrite = (organizationId: OrganizationId, pairs: string) =>
  Effect.flatMap(Database, (database) =>
    database.transaction(
      Effect.gen(function* () {
        yield* baseline(organizationId)
        yield* database.execute(sql`
          update integration_clients c set account_id = (x->>'a')::uuid, mapped_by = 'automatic'
          from jsonb_array_elements(${pairs}::jsonb) as x
          where c.organization_id = ${organizationId}::uuid and c.projects_id = x->>'c'`)
      }),
    ),
  )

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const time = async (run: () => Promise<unknown>) => {
  const start = performance.now()
  await run()
  return performance.now() - start
}

const measure = async (target: Target) => {
  const runtime = ManagedRuntime.make(target.layer)
  try {
    const setupStart = performance.now()
    const organizationId = await runtime.runPromise(seedFor)
    const setupMs = performance.now() - setupStart
    const outcome = await runtime.runPromise(product(organizationId))
    const written = await runtime.runPromise(
      Effect.flatMap(Database, (database) =>
        database.execute<{ c: string; a: string }>(
          sql`select projects_id as c, account_id as a from integration_clients where organization_id = ${organizationId}::uuid and account_id is not null`,
        ),
      ),
    )
    const pairs = JSON.stringify(written)
    await runtime.runPromise(reset(organizationId))
    await runtime.runPromise(baseline(organizationId))
    const productMs: Array<number> = []
    const previewMs: Array<number> = []
    const baselineMs: Array<number> = []
    const floorMs: Array<number> = []
    for (let i = 0; i < RUNS; i++) {
      baselineMs.push(await time(() => runtime.runPromise(baseline(organizationId))))
      previewMs.push(
        await time(() =>
          runtime.runPromise(
            Effect.flatMap(Database, (database) => computeOutcomes(database, organizationId)),
          ),
        ),
      )
      productMs.push(await time(() => runtime.runPromise(product(organizationId))))
      await runtime.runPromise(reset(organizationId))
      floorMs.push(await time(() => runtime.runPromise(joinAndWrite(organizationId, pairs))))
      await runtime.runPromise(reset(organizationId))
    }
    return {
      name: target.name,
      setupMs,
      outcome,
      product: median(productMs),
      preview: median(previewMs),
      baseline: median(baselineMs),
      floor: median(floorMs),
    }
  } finally {
    await runtime.dispose()
    await target.cleanup()
  }
}

const ms = (value: number) => `${value.toFixed(0)} ms`

export const run = async () => {
  const load = loadavg()[0] ?? 0
  const targets: Array<Target> = [
    { name: "PGlite (in memory)", layer: pgliteLayer(), cleanup: async () => undefined },
  ]
  const url = await postgresUrl()
  if (url !== undefined) targets.push(postgresTarget(url))
  const results = []
  for (const target of targets) {
    const result = await measure(target)
    process.stdout.write(`client mapping, ${result.name}: ${JSON.stringify(result)}\n`)
    results.push(result)
  }
  const first = results[0]
  writeSection(
    "client-mapping",
    [
      "## Automatic client mapping (`pnpm --filter @app/core bench`)",
      "",
      `Measured ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} cores: ${CLIENTS.toLocaleString("en")} Projects clients against ${ACCOUNTS.toLocaleString("en")} CRM accounts (median of ${RUNS} runs after a warm-up; data inserted set-based with generate_series).`,
      first
        ? `Outcome: ${first.outcome.mapped.toLocaleString("en")} mapped, ${first.outcome.unmapped.toLocaleString("en")} unmapped (no account, several accounts, account taken).`
        : "",
      "The product figure is the mapping job's map phase: read the unmapped clients, normalize their names in Node (NFKC, case folding, white space), then one statement that joins the accounts' normalized-name index, derives every outcome and reason (no account, several accounts, account taken, one account one client) and writes the new mappings (data-modifying CTE), in one transaction. The preview is the dry run: every client's outcome with names and reasons returned to Node, nothing written. The baseline, in the same run on the same rows, reads the clients, normalizes their names and runs the bare join on the index; the write floor adds a bare update writing the same mappings the product wrote (each write also pays the account foreign-key check and the one-client-per-account unique index).",
      `1-minute load average when the run started: ${load.toFixed(1)} on ${cpus().length} cores (the machine is shared); the ratios compare runs interleaved in the same process.`,
      "",
      "| database | product (map + write) | preview (dry run) | baseline (bare join) | ratio | write floor (join + bare update) | ratio to floor | setup |",
      "|---|---|---|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.name} | ${ms(r.product)} | ${ms(r.preview)} | ${ms(r.baseline)} | ${(r.product / r.baseline).toFixed(2)}× | ${ms(r.floor)} | ${(r.product / r.floor).toFixed(2)}× | ${(r.setupMs / 1000).toFixed(1)} s |`,
      ),
      "",
      "Targets from issue #7: ≤ 0.5 s on PostgreSQL and ≤ 1.5× the baseline.",
    ].join("\n"),
  )
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
