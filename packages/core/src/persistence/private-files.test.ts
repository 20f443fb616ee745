import { mkdtemp, readdir, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "./database.js"
import { pgliteLayer } from "./layers.js"

const modes = async (dir: string): Promise<Array<string>> => {
  const found = [`${((await stat(dir)).mode & 0o777).toString(8)} ${dir}`]
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await modes(path)))
    else found.push(`${((await stat(path)).mode & 0o777).toString(8)} ${path}`)
  }
  return found
}

describe("the embedded database's files", () => {
  it.live(
    "are the owner's only: directories 0700 and files 0600, while open and after closing",
    () =>
      Effect.gen(function* () {
        const parent = yield* Effect.promise(() => mkdtemp(join(tmpdir(), "pglite-modes-")))
        const dataDir = join(parent, "pglite")
        const whileOpen = yield* Effect.gen(function* () {
          const database = yield* Database
          yield* database.execute(sql`create table probe (x int)`)
          return yield* Effect.promise(() => modes(dataDir))
        }).pipe(Effect.provide(pgliteLayer(dataDir)))
        const afterClose = yield* Effect.promise(() => modes(dataDir))
        yield* Effect.promise(() => rm(parent, { recursive: true, force: true }))
        for (const listing of [whileOpen, afterClose]) {
          expect(listing.length).toBeGreaterThan(10)
          const loose = listing.filter((line) => !line.startsWith("700 ") && !line.startsWith("600 "))
          expect(loose).toEqual([])
        }
      }),
    // Opens and migrates an embedded database on disk.
    180_000,
  )
})
