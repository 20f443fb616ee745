import { describe, expect, it } from "@effect/vitest"
import { eq, sql } from "drizzle-orm"
import { Effect } from "effect"
import { TestDatabase } from "../../test/index.js"
import { Database } from "./database.js"
import { migrate } from "./migrate.js"
import { appMeta } from "./tables/index.js"

describe("Database", () => {
  it.layer(TestDatabase)((it) => {
    it.effect("applies every migration once, even when asked again", () =>
      Effect.gen(function* () {
        const again = yield* migrate()
        expect(again).toEqual([])
      }),
    )

    it.effect("rolls back every write of a failed transaction", () =>
      Effect.gen(function* () {
        const database = yield* Database
        const result = yield* database
          .transaction(
            Effect.gen(function* () {
              yield* database.use((db) => db.insert(appMeta).values({ key: "rollback", value: 1 }))
              return yield* Effect.fail("boom" as const)
            }),
          )
          .pipe(Effect.flip)
        expect(result).toBe("boom")
        const rows = yield* database.use((db) => db.select().from(appMeta).where(eq(appMeta.key, "rollback")))
        expect(rows).toEqual([])
      }),
    )

    it.effect("reports a unique violation with its SQLSTATE", () =>
      Effect.gen(function* () {
        const database = yield* Database
        yield* database.use((db) => db.insert(appMeta).values({ key: "dup", value: 1 }))
        const error = yield* database
          .use((db) => db.insert(appMeta).values({ key: "dup", value: 2 }))
          .pipe(Effect.flip)
        expect(error.isUniqueViolation).toBe(true)
      }),
    )

    it.effect("commits a nested transaction with its outer one", () =>
      Effect.gen(function* () {
        const database = yield* Database
        yield* database.transaction(
          database.transaction(database.use((db) => db.insert(appMeta).values({ key: "nested", value: 2 }))),
        )
        const count = yield* database.execute<{ n: number }>(
          sql`select count(*)::int as n from app_meta where key = 'nested'`,
        )
        expect(count).toEqual([{ n: 1 }])
      }),
    )
  })
})
