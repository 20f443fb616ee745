/**
 * Idempotency keys of API writes, kept in the database for 24 hours so they hold across processes
 * and restarts. A request first `begin`s: it runs (under a lease it renews), replays the first
 * answer, or is refused (409 still running, 422 another request under the same key).
 */
import { and, eq, lt, lte } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { Database, type DatabaseError } from "../../persistence/database.js"
import { idempotencyKeys } from "../../persistence/tables/index.js"
import { IdempotencyKeyInUse, IdempotencyKeyInvalid, IdempotencyKeyReused } from "../errors.js"

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

export interface IdempotentRequest {
  readonly organizationId: string
  readonly userId: string
  readonly key: string
  /** Digest of method, path and body. */
  readonly requestHash: string
}

export interface StoredAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export type Begun =
  | { readonly _tag: "Started"; readonly id: string; readonly owner: string }
  | ({ readonly _tag: "Replay" } & StoredAnswer)

const VALID_KEY = /^[\x21-\x7e][\x20-\x7e]{0,254}$/

export const validKey = (key: string) => VALID_KEY.test(key)

export class IdempotencyKeys extends Effect.Service<IdempotencyKeys>()("@app/core/external/IdempotencyKeys", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const t = idempotencyKeys
    const scope = (r: IdempotentRequest) =>
      and(eq(t.organizationId, r.organizationId), eq(t.userId, r.userId), eq(t.key, r.key))

    /** Claims `request`'s key for `owner` for `leaseMs`, or says what to answer instead. */
    const begin = Effect.fn("IdempotencyKeys.begin")(function* (
      request: IdempotentRequest,
      owner: string,
      leaseMs: number,
    ): Effect.fn.Return<
      Begun,
      IdempotencyKeyInUse | IdempotencyKeyReused | IdempotencyKeyInvalid | DatabaseError
    > {
      if (!validKey(request.key)) return yield* new IdempotencyKeyInvalid()
      const now = new Date(yield* Clock.currentTimeMillis)
      const leaseExpiresAt = new Date(now.getTime() + leaseMs)
      yield* database.use((db) => db.delete(t).where(and(scope(request), lte(t.expiresAt, now))))
      const [inserted] = yield* database.use((db) =>
        db
          .insert(t)
          .values({
            organizationId: request.organizationId,
            userId: request.userId,
            key: request.key,
            requestHash: request.requestHash,
            status: "running",
            leaseOwner: owner,
            leaseExpiresAt,
            createdAt: now,
            expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
          })
          .onConflictDoNothing()
          .returning({ id: t.id }),
      )
      if (inserted) return { _tag: "Started", id: inserted.id, owner } as const
      const [row] = yield* database.use((db) => db.select().from(t).where(scope(request)))
      if (!row) return yield* new IdempotencyKeyInUse({ key: request.key })
      if (row.requestHash !== request.requestHash)
        return yield* new IdempotencyKeyReused({ key: request.key })
      if (row.status === "completed")
        return {
          _tag: "Replay" as const,
          status: row.responseStatus ?? 200,
          headers: row.responseHeaders ?? {},
          body: row.responseBody ?? "",
        }
      // Running: refused while its lease holds; taken over once the process holding it stopped renewing.
      const [taken] = yield* database.use((db) =>
        db
          .update(t)
          .set({ leaseOwner: owner, leaseExpiresAt })
          .where(and(eq(t.id, row.id), eq(t.status, "running"), lte(t.leaseExpiresAt, now)))
          .returning({ id: t.id }),
      )
      if (!taken) return yield* new IdempotencyKeyInUse({ key: request.key })
      return { _tag: "Started", id: taken.id, owner } as const
    })

    const held = (id: string, owner: string) =>
      and(eq(t.id, id), eq(t.leaseOwner, owner), eq(t.status, "running"))

    /** Extends the lease while the request runs; false once another process took it over. */
    const renew = Effect.fn("IdempotencyKeys.renew")(function* (id: string, owner: string, leaseMs: number) {
      const now = yield* Clock.currentTimeMillis
      const rows = yield* database.use((db) =>
        db
          .update(t)
          .set({ leaseExpiresAt: new Date(now + leaseMs) })
          .where(held(id, owner))
          .returning({ id: t.id }),
      )
      return rows.length > 0
    })

    /** Keeps the answer for replay. */
    const complete = Effect.fn("IdempotencyKeys.complete")(function* (
      id: string,
      owner: string,
      answer: StoredAnswer,
    ) {
      yield* database.use((db) =>
        db
          .update(t)
          .set({
            status: "completed",
            leaseOwner: null,
            leaseExpiresAt: null,
            responseStatus: answer.status,
            responseHeaders: { ...answer.headers },
            responseBody: answer.body,
          })
          .where(held(id, owner)),
      )
    })

    /** Forgets the key after a failure that may be retried (5xx): the next request runs again. */
    const release = Effect.fn("IdempotencyKeys.release")(function* (id: string, owner: string) {
      yield* database.use((db) => db.delete(t).where(held(id, owner)))
    })

    /** Drops every key older than 24 hours (any organization). */
    const purgeExpired = Effect.fn("IdempotencyKeys.purgeExpired")(function* () {
      const now = new Date(yield* Clock.currentTimeMillis)
      const rows = yield* database.use((db) =>
        db.delete(t).where(lt(t.expiresAt, now)).returning({ id: t.id }),
      )
      return rows.length
    })

    return { begin, renew, complete, release, purgeExpired } as const
  }),
}) {}
