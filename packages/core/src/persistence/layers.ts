/**
 * Database layers: PGlite in a directory (the embedded default) or in memory, node-postgres for a
 * server. Each opens the connection, applies pending migrations, and closes on release.
 */
import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres"
import { drizzle as drizzlePglite } from "drizzle-orm/pglite"
import { Effect, Layer, Redacted } from "effect"
import pg from "pg"
import { Database, type Db, makeDatabase } from "./database.js"
import { watchLocalWrites } from "./local-writes.js"
import { migrate } from "./migrate.js"
import { pgliteNotifications, postgresNotifications } from "./notifications.js"
import { REQUEST_CONTEXT_CHANNEL } from "./organization-cache.js"
import { privateDirectory, restrictTree } from "./private-files.js"
import { cacheStatements } from "./statement-cache.js"
import * as tables from "./tables/index.js"

const withMigrations = <E, R>(layer: Layer.Layer<Database, E, R>) =>
  Layer.effect(
    Database,
    Effect.gen(function* () {
      const database = yield* Database
      yield* migrate().pipe(Effect.provideService(Database, database), Effect.orDie)
      return database
    }),
  ).pipe(Layer.provide(layer))

/** PGlite stored in `dataDir`, or in memory when it is undefined. */
export const pgliteLayer = (dataDir?: string) =>
  withMigrations(
    Layer.scoped(
      Database,
      Effect.gen(function* () {
        if (dataDir !== undefined) yield* privateDirectory(dataDir)
        const client = yield* Effect.acquireRelease(
          Effect.promise(() =>
            PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), extensions: { pg_trgm } }),
          ),
          (client) =>
            Effect.promise(() => client.close()).pipe(
              Effect.andThen(dataDir === undefined ? Effect.void : restrictTree(dataDir)),
              Effect.ignore,
            ),
        )
        if (dataDir !== undefined) yield* restrictTree(dataDir)
        const db: Db = drizzlePglite({ client, schema: tables, casing: "snake_case" })
        return makeDatabase(db, "pglite", { pglite: client }, pgliteNotifications(client))
      }),
    ),
  )

export interface PostgresOptions {
  readonly url: Redacted.Redacted<string>
  /** Schema to run in (tests isolate each file in its own); default the server's search_path. */
  readonly schema?: string
  readonly max?: number
}

/** A node-postgres pool on a PostgreSQL server. */
export const postgresLayer = (options: PostgresOptions) =>
  withMigrations(
    Layer.scoped(
      Database,
      Effect.gen(function* () {
        const pool = yield* Effect.acquireRelease(
          Effect.sync(
            () =>
              new pg.Pool({
                connectionString: Redacted.value(options.url),
                max: options.max ?? 10,
                ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
              }),
          ),
          (pool) => Effect.promise(() => pool.end()).pipe(Effect.ignore),
        )
        // An idle client that errors (server restart) must not crash the process.
        pool.on("error", () => undefined)
        const db: Db = drizzlePg({ client: pool, schema: tables, casing: "snake_case" })
        const notifications = yield* postgresNotifications({
          connectionString: Redacted.value(options.url),
          ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
        })
        pool.on("connect", (client) => {
          cacheStatements(client)
          watchLocalWrites(client, () => notifications.echo(REQUEST_CONTEXT_CHANNEL))
        })
        return makeDatabase(db, "postgres", { pool }, notifications)
      }),
    ),
  )
