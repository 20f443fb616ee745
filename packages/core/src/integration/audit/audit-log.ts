/**
 * Every change of integration state, recorded with who, when, what, before and after (SPEC §4:
 * "Every change of integration state is recorded in an audit log, visible to admins").
 */
import { and, desc, eq, lt, or } from "drizzle-orm"
import { Clock, Effect, Schema } from "effect"
import { CurrentActor, requireAdmin } from "../../crm/actor.js"
import { CursorInvalid } from "../../crm/errors.js"
import { OutboundEvents } from "../../external/events/outbound-events.js"
import { Database, tables } from "../../persistence/index.js"

export const AuditEntry = Schema.Struct({
  id: Schema.String,
  at: Schema.String,
  actor: Schema.Struct({ userId: Schema.NullOr(Schema.String), label: Schema.String }),
  action: Schema.String,
  before: Schema.Unknown,
  after: Schema.Unknown,
})
export type AuditEntry = typeof AuditEntry.Type

const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url")
const decodeCursor = (cursor: string) => {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|")
  const date = new Date(at ?? "")
  return id && !Number.isNaN(date.getTime()) ? { at: date, id } : undefined
}

const statusOf = (state: unknown): string | undefined =>
  typeof state === "object" && state !== null && "status" in state && typeof state.status === "string"
    ? state.status
    : undefined

export class AuditLog extends Effect.Service<AuditLog>()("@app/core/integration/AuditLog", {
  // Status changes are outbound events: the log publishes them in the transaction that records them.
  dependencies: [OutboundEvents.Default],
  effect: Effect.gen(function* () {
    const database = yield* Database
    const events = yield* OutboundEvents

    /** Records one change in the caller's transaction, so it commits or rolls back with the change. */
    const record = Effect.fn("AuditLog.record")(function* (entry: {
      readonly action: string
      readonly before?: unknown
      readonly after?: unknown
    }) {
      const actor = yield* CurrentActor
      const now = yield* Clock.currentTimeMillis
      yield* database.use((db) =>
        db.insert(tables.integrationAudit).values({
          organizationId: actor.organizationId,
          actorUserId: actor.userId,
          // Jobs act for the admin who started them; the label says so.
          actorLabel: `${actor.name} <${actor.email}>${actor.via === "system" ? " (background job)" : ""}`,
          action: entry.action,
          before: entry.before ?? null,
          after: entry.after ?? null,
          at: new Date(now),
        }),
      )
      const from = statusOf(entry.before)
      const to = statusOf(entry.after)
      if (to !== undefined && from !== to)
        yield* events.publish(actor.organizationId, "integration.status_changed", {
          from: from ?? null,
          to,
          action: entry.action,
        })
    })

    /** Newest first, cursor-paginated; admins only. */
    const list = Effect.fn("AuditLog.list")(function* (options: { cursor?: string; limit?: number }) {
      const actor = yield* requireAdmin("read the integration audit log")
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200)
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor)
      if (options.cursor !== undefined && after === undefined) return yield* new CursorInvalid()
      const t = tables.integrationAudit
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(t)
          .where(
            and(
              eq(t.organizationId, actor.organizationId),
              after ? or(lt(t.at, after.at), and(eq(t.at, after.at), lt(t.id, after.id))) : undefined,
            ),
          )
          .orderBy(desc(t.at), desc(t.id))
          .limit(limit + 1),
      )
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        items: page.map(
          (row): AuditEntry => ({
            id: row.id,
            at: row.at.toISOString(),
            actor: { userId: row.actorUserId, label: row.actorLabel },
            action: row.action,
            before: row.before,
            after: row.after,
          }),
        ),
        nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
      }
    })

    return { record, list } as const
  }),
}) {}
