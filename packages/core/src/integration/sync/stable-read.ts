/**
 * Reading one of the portal's lists until two reads agree. The lists are positional: an object
 * deleted from a page already read shifts a later one onto it, so a single read can miss objects
 * that never changed. A read during which nothing moved gives the same pages as the read after it,
 * so the pass reads again until two consecutive reads hash alike; only then does "not seen" mean
 * "gone from the portal". Each read marks what it saw with its own start time (`synced_at`).
 */
import { createHash } from "node:crypto"
import { Clock, Effect, Schema } from "effect"

/** Where a stable read stands; saved in the job's checkpoint after every window of pages. */
export const ReadState = Schema.Struct({
  /** 1 for the first read of the list, 2 for the one checking it, and so on. */
  read: Schema.Number,
  /** When the current read started: what it saw carries this as `synced_at`. */
  readStartedAt: Schema.Number,
  /** The next page to fetch in the current read. */
  page: Schema.Number,
  /** Objects the current read has seen so far. */
  done: Schema.Number,
  /** Running hash of the current read's pages, in page order. */
  digest: Schema.String,
  /** Hash of the last complete read, to compare the current one with. */
  previous: Schema.NullOr(Schema.String),
})
export type ReadState = typeof ReadState.Type

/** Pages fetched and upserted at once: the service answers in parallel, PostgreSQL upserts in parallel. */
export const PAGE_WINDOW = 4
export const PER_PAGE = 200
/**
 * Reads of a list before the pass gives up waiting for the portal to hold still. Each extra read
 * needs changes during the one before; past this the pass removes only what it confirms by id.
 */
export const MAX_READS = 5

export const firstRead = (now: number): ReadState => ({
  read: 1,
  readStartedAt: now,
  page: 1,
  done: 0,
  digest: "",
  previous: null,
})

export interface ReadOutcome {
  /** Two consecutive reads agreed: rows not seen by the last one are gone from the portal. */
  readonly stable: boolean
  /** Start of the last read: rows with an older `synced_at` were not seen by it. */
  readonly readStartedAt: number
  /** Objects in the last read. */
  readonly done: number
  readonly reads: number
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

/**
 * Reads a list, page window by page window, until two reads agree or `MAX_READS` is reached.
 * `fetch` returns a page's JSON text; `upsert` writes it and returns how many objects it held.
 */
export const readUntilStable = <E1, E2, R1, R2, R3>(options: {
  readonly state: ReadState
  readonly fetch: (page: number) => Effect.Effect<string, E1, R1>
  readonly upsert: (json: string, seenAt: Date) => Effect.Effect<number, E2, R2>
  readonly save: (state: ReadState) => Effect.Effect<void, never, R3>
  /** Objects per page the portal is asked for (`PER_PAGE` unless told). */
  readonly perPage?: number
}): Effect.Effect<ReadOutcome, E1 | E2, R1 | R2 | R3> =>
  Effect.gen(function* () {
    const perPage = options.perPage ?? PER_PAGE
    let state = options.state
    for (;;) {
      const seenAt = new Date(state.readStartedAt)
      const pages = Array.from({ length: PAGE_WINDOW }, (_, i) => state.page + i)
      const results = yield* Effect.forEach(
        pages,
        (p) =>
          Effect.flatMap(options.fetch(p), (json) =>
            Effect.map(options.upsert(json, seenAt), (count) => ({ json, count })),
          ),
        { concurrency: PAGE_WINDOW },
      )
      // The first page holding fewer than `perPage` objects was the last; later ones are past the end.
      const lastIndex = results.findIndex((r) => r.count < perPage)
      const counted = lastIndex < 0 ? results : results.slice(0, lastIndex + 1)
      let digest = state.digest
      for (const r of counted) digest = sha256(`${digest}:${sha256(r.json)}`)
      state = {
        ...state,
        page: state.page + PAGE_WINDOW,
        done: state.done + counted.reduce((n, r) => n + r.count, 0),
        digest,
      }
      if (lastIndex < 0) {
        yield* options.save(state)
        continue
      }
      if (state.previous === state.digest || state.read >= MAX_READS) {
        yield* options.save(state)
        return {
          stable: state.previous === state.digest,
          readStartedAt: state.readStartedAt,
          done: state.done,
          reads: state.read,
        }
      }
      // Strictly later, so rows seen only by the read before stay older than this one's mark.
      const now = Math.max(yield* Clock.currentTimeMillis, state.readStartedAt + 1)
      state = { ...firstRead(now), read: state.read + 1, previous: state.digest }
      yield* options.save(state)
    }
  })
