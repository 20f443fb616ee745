/**
 * The one way core reaches PostgreSQL, embedded (PGlite) or a server (node-postgres pool).
 * Queries run on the fiber's open transaction when there is one, so services compose into
 * a single atomic write without passing a handle around.
 */
import type { PGlite } from "@electric-sql/pglite"
import type { Assume, SQL } from "drizzle-orm"
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core"
import { type Cause, Context, Effect, Exit, FiberRef, Option, Runtime, Schema } from "effect"
import type { Pool } from "pg"
import type { Notifications } from "./notifications.js"
import type * as tables from "./tables/index.js"

export type Tables = typeof tables
/**
 * What both drivers' query results have in common: the rows. node-postgres (`QueryResult`) and PGlite
 * (`Results`) each answer raw SQL with an object holding `rows`, so one database type serves both.
 */
export interface RowsResult<Row> {
  readonly rows: Array<Row>
}
export interface RowsResultHKT extends PgQueryResultHKT {
  readonly type: RowsResult<Assume<this["row"], Record<string, unknown>>>
}

/** A Drizzle database over our tables that the PGlite and node-postgres drivers both are. */
export type Db = PgDatabase<RowsResultHKT, Tables>

/** A failure reported by PostgreSQL, keeping its SQLSTATE so callers can map constraint violations. */
export class DatabaseError extends Schema.TaggedError<DatabaseError>()("DatabaseError", {
  code: Schema.optional(Schema.String),
  constraint: Schema.optional(Schema.String),
  detail: Schema.optional(Schema.String),
  cause: Schema.Defect,
}) {
  override get message() {
    return `database error${this.code ? ` ${this.code}` : ""}${this.constraint ? ` on ${this.constraint}` : ""}`
  }
  get isUniqueViolation() {
    return this.code === "23505"
  }
  get isForeignKeyViolation() {
    return this.code === "23503"
  }
}

export type Dialect = "pglite" | "postgres"

export interface DatabaseShape {
  readonly dialect: Dialect
  /** Runs a Drizzle query on the current transaction, or on the database outside one. */
  readonly use: <A>(query: (db: Db) => Promise<A>) => Effect.Effect<A, DatabaseError>
  /** Runs raw SQL (drizzle `sql` template) and returns its rows, typed by the caller who wrote the SELECT. */
  readonly execute: <Row>(query: SQL) => Effect.Effect<ReadonlyArray<Row>, DatabaseError>
  /** Runs `self` in one transaction; nested calls join the outer one. */
  readonly transaction: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | DatabaseError, R>
  /** Whether this fiber runs inside `transaction`: its reads must see its own uncommitted writes. */
  readonly inTransaction: Effect.Effect<boolean>
  /** LISTEN/NOTIFY between the processes sharing this database. */
  readonly notifications: Notifications
  /** Driver handles for bulk paths (COPY-like loads, benchmarks). */
  readonly driver: { readonly pglite?: PGlite; readonly pool?: Pool }
}

export class Database extends Context.Tag("@app/core/Database")<Database, DatabaseShape>() {}

const currentTransaction = FiberRef.unsafeMake<Option.Option<Db>>(Option.none())

interface PgLikeError {
  code?: string
  constraint?: string
  detail?: string
}

/** Drizzle wraps driver errors; the SQLSTATE sits on the innermost cause. */
export const toDatabaseError = (error: unknown): DatabaseError => {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const candidate = current as Error & PgLikeError
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return new DatabaseError({
        code: candidate.code,
        constraint: candidate.constraint,
        detail: candidate.detail,
        cause: error,
      })
    }
    current = candidate.cause
  }
  return new DatabaseError({ cause: error })
}

class TransactionAborted {
  constructor(readonly cause: Cause.Cause<unknown>) {}
}

export const makeDatabase = (
  db: Db,
  dialect: Dialect,
  driver: DatabaseShape["driver"],
  notifications: Notifications,
): DatabaseShape => {
  const use = <A>(query: (db: Db) => Promise<A>) =>
    Effect.flatMap(FiberRef.get(currentTransaction), (tx) =>
      Effect.tryPromise({ try: () => query(Option.getOrElse(tx, () => db)), catch: toDatabaseError }),
    )

  const transaction = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R> =>
    Effect.flatMap(FiberRef.get(currentTransaction), (open) => {
      if (Option.isSome(open)) return self
      return Effect.flatMap(Effect.runtime<R>(), (runtime) =>
        Effect.tryPromise({
          try: (signal) =>
            db.transaction(async (tx) => {
              const exit = await Runtime.runPromiseExit(runtime)(
                Effect.locally(self, currentTransaction, Option.some<Db>(tx)),
                { signal },
              )
              if (Exit.isFailure(exit)) throw new TransactionAborted(exit.cause)
              return exit.value
            }),
          catch: (error) => error,
        }).pipe(
          Effect.catchAll(
            (error): Effect.Effect<never, E | DatabaseError> =>
              error instanceof TransactionAborted
                ? (Effect.failCause(error.cause) as Effect.Effect<never, E>)
                : Effect.fail(toDatabaseError(error)),
          ),
        ),
      ) as Effect.Effect<A, E | DatabaseError, R>
    })

  const execute = <Row>(query: SQL) =>
    use((db) => db.execute(query)).pipe(Effect.map((result) => result.rows as ReadonlyArray<Row>))

  const inTransaction = Effect.map(FiberRef.get(currentTransaction), Option.isSome)

  return { dialect, use, execute, transaction, inTransaction, notifications, driver }
}
