/**
 * TestDatabase: a database of its own for each test file. PGlite in memory by default; with
 * DATABASE_URL set, a fresh schema on that PostgreSQL server, dropped afterwards. CI runs both.
 */
import { randomBytes } from "node:crypto"
import { Effect, Layer, Redacted } from "effect"
import pg from "pg"
import { type Database, pgliteLayer, postgresLayer } from "../src/persistence/index.js"

const serverUrl = process.env.DATABASE_URL

export const testDialect = serverUrl ? "postgres" : "pglite"

const isolatedSchema = (url: string) =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const schema = `t_${randomBytes(6).toString("hex")}`
      const admin = new pg.Client({ connectionString: url })
      yield* Effect.acquireRelease(
        Effect.promise(async () => {
          await admin.connect()
          await admin.query(`create schema ${schema}`)
        }),
        () =>
          Effect.promise(async () => {
            await admin.query(`drop schema ${schema} cascade`)
            await admin.end()
          }).pipe(Effect.ignore),
      )
      return postgresLayer({ url: Redacted.make(url), schema, max: 5 })
    }),
  )

export const TestDatabase: Layer.Layer<Database> = serverUrl ? isolatedSchema(serverUrl) : pgliteLayer()
