/**
 * The API as the benchmarks and the profile drive it: a database (PGlite in a directory, or a fresh
 * schema on the PostgreSQL server), a portal imported through the product's own job, then the copy
 * grown to PROJECTS rows and the CRM to RECORDS accounts and deals with set-based inserts (seconds,
 * not minutes), and an API token of the organization's admin.
 */
import { randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ApiTokens, actingAs, MAX_RATE_LIMIT_PER_MINUTE } from "@app/core/crm"
import { IntegrationJobs, IntegrationState, PortalSetup } from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import type { LogSink } from "@app/core/logging"
import { Database, pgliteLayer, postgresLayer } from "@app/core/persistence"
import { makeTestOrganization } from "@app/core/test"
import { startMockProjects } from "@app/mock-projects"
import { serve } from "@hono/node-server"
import { sql } from "drizzle-orm"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import pg from "pg"
import { createApp } from "../src/app.js"
import { apiLayer } from "../src/http/runtime.js"

export const PROJECTS = 100_000
export const RECORDS = 2_000

export interface BenchDatabase {
  readonly name: "PGlite" | "PostgreSQL"
  readonly layer: Layer.Layer<Database>
  readonly cleanup: () => Promise<void>
}

export const listen = (fetchHandler: (request: Request) => Response | Promise<Response>) =>
  new Promise<{ url: string; close: () => Promise<void> }>((ready) => {
    const server = serve({ fetch: fetchHandler, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      ready({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    )
  })

/** The PostgreSQL server of DATABASE_URL (default the local one), if it answers. */
export const postgresUrl = async () => {
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

export const pgliteDatabase = (): BenchDatabase => {
  const dir = mkdtempSync(join(tmpdir(), "bench-api-"))
  return {
    name: "PGlite",
    layer: pgliteLayer(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

export const postgresDatabase = async (url: string, max = 10): Promise<BenchDatabase> => {
  const schema = `bench_${randomBytes(4).toString("hex")}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  return {
    name: "PostgreSQL",
    layer: postgresLayer({ url: Redacted.make(url), schema, max }),
    cleanup: async () => {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

const words = [
  "Apollo",
  "Atlas",
  "Beacon",
  "Cobalt",
  "Delta",
  "Ember",
  "Falcon",
  "Granite",
  "Harbor",
  "Indigo",
  "Juniper",
  "Keystone",
  "Lumen",
  "Meridian",
  "Nimbus",
  "Orchid",
  "Pioneer",
  "Quartz",
  "Redwood",
  "Summit",
  "Tundra",
  "Umber",
  "Vertex",
  "Willow",
]
const kinds = ["Migration", "Rollout", "Audit", "Redesign", "Launch", "Upgrade", "Survey", "Integration"]

/** Grows the organization's copy to `total` projects: the imported ones repeated with new ids and names. */
const growProjects = (organizationId: string, total: number) =>
  Effect.flatMap(Database, (database) =>
    database.execute(sql`
      insert into integration_projects
        (organization_id, projects_id, name, key, status, project_type, owner_email, owner_name,
         start_date, end_date, data, modified_time)
      select p.organization_id, 'bulk-' || g.i, n.name, 'BK-' || g.i, p.status, p.project_type,
             p.owner_email, p.owner_name, p.start_date, p.end_date,
             p.data || jsonb_build_object('id', 'bulk-' || g.i, 'id_string', 'bulk-' || g.i, 'name', n.name),
             p.modified_time
      from generate_series(1, ${total} - (select count(*) from integration_projects where organization_id = ${organizationId}::uuid)) g(i)
      cross join lateral (
        select (${sql.raw(`array[${words.map((w) => `'${w}'`).join(",")}]`)})[1 + g.i % ${words.length}]
          || ' ' || (${sql.raw(`array[${kinds.map((w) => `'${w}'`).join(",")}]`)})[1 + (g.i / ${words.length}) % ${kinds.length}]
          || ' ' || g.i as name
      ) n
      cross join lateral (
        select * from integration_projects where organization_id = ${organizationId}::uuid
        order by projects_id offset g.i % 50 limit 1
      ) p`),
  )

/** `count` accounts and `count` deals owned by `ownerId`, inserted in one statement each. */
const insertRecords = (organizationId: string, ownerId: string, count: number) =>
  Effect.flatMap(Database, (database) =>
    Effect.zipRight(
      database.execute(sql`
        insert into crm_records (organization_id, module, name, normalized_name, owner_id, values)
        select ${organizationId}::uuid, 'accounts', 'Account ' || lpad(g::text, 5, '0'),
               'account ' || lpad(g::text, 5, '0'), ${ownerId}::uuid,
               jsonb_build_object('website', 'https://account' || g || '.example.test', 'industry', 'Retail')
        from generate_series(1, ${count}) g`),
      database.execute(sql`
        insert into crm_records (organization_id, module, name, owner_id, values)
        select ${organizationId}::uuid, 'deals', 'Deal ' || lpad(g::text, 5, '0'), ${ownerId}::uuid,
               jsonb_build_object('amount', g * 100, 'stage', 'Qualification')
        from generate_series(1, ${count}) g`),
    ),
  )

export interface BenchApi {
  readonly url: string
  readonly token: string
  readonly runtime: ManagedRuntime.ManagedRuntime<unknown, never>
  readonly close: () => Promise<void>
}

/** Starts the API over `database` with PROJECTS projects and RECORDS accounts and deals, and a token. */
export const startBenchApi = async (
  database: BenchDatabase,
  options: { readonly log?: LogSink; readonly projects?: number } = {},
): Promise<BenchApi> => {
  const mock = await startMockProjects({ port: 0, seed: 11, projects: 200, clients: 100, clientUsers: 200 })
  const runtime = ManagedRuntime.make(
    apiLayer(database.layer, {
      projects: { apiUrl: mock.url, accountsUrl: mock.url },
      publicUrl: "http://127.0.0.1:9",
      appSecret: Redacted.make(randomBytes(32).toString("hex")),
    }),
  )
  const api = await listen(createApp(runtime, { log: options.log ?? (() => undefined) }).fetch)
  const token = await runtime.runPromise(
    Effect.gen(function* () {
      const org = yield* makeTestOrganization()
      const admin = { ...org.adminActor, via: "session" as const }
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
          /* the import and what it enqueues */
        }
      }).pipe(Effect.provide(IntegrationJobs.pipe(Layer.provideMerge(JobRunner.layer()))))
      yield* growProjects(org.organization.id, options.projects ?? PROJECTS)
      yield* insertRecords(org.organization.id, org.admin.id, RECORDS)
      yield* Effect.flatMap(Database, (d) => d.execute(sql`analyze`))
      const created = yield* Effect.flatMap(ApiTokens, (t) => t.create("bench")).pipe(actingAs(admin))
      // The load runs far past the default 600 a minute: the bench token gets the highest limit.
      yield* Effect.flatMap(ApiTokens, (t) =>
        t.setRateLimit(created.info.id, MAX_RATE_LIMIT_PER_MINUTE),
      ).pipe(actingAs(admin))
      return Redacted.value(created.token)
    }),
  )
  return {
    url: api.url,
    token,
    runtime: runtime as ManagedRuntime.ManagedRuntime<unknown, never>,
    close: async () => {
      await api.close()
      await runtime.dispose()
      await mock.close()
      await database.cleanup()
    },
  }
}
