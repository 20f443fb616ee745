/**
 * The one Mailer (SPEC §2 "Mail", issue #7 item 3): every message is recorded in the outbox; with SMTP
 * configured it is delivered by a durable `mail.send` job, so a failed delivery is retried with backoff
 * and survives a restart.
 */
import { and, desc, eq, gte, ilike, lt, lte, or, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Option, Schema } from "effect"
import { requireAdmin } from "../crm/actor.js"
import { JobQueue } from "../jobs/job-queue.js"
import { JobRunner } from "../jobs/job-runner.js"
import { Database } from "../persistence/database.js"
import { likePattern } from "../persistence/like-pattern.js"
import { outbox } from "../persistence/tables/mail.js"
import { MailTransport } from "./mail-transport.js"
import { InvalidOutboxCursor, type MailMessage, type OutboxMessage, OutboxMessageId } from "./model.js"

export const MAIL_SEND_JOB = "mail.send"

const MailSendPayload = Schema.Struct({ outboxId: Schema.UUID })

type OutboxRow = typeof outbox.$inferSelect

/** Filters of the outbox page; every one optional, all combined. */
export interface OutboxFilter {
  readonly status?: OutboxRow["status"]
  /** A recipient's address, as written (case-insensitive). */
  readonly recipient?: string
  /** Inclusive bounds on when the message was written. */
  readonly from?: Date
  readonly to?: Date
  /** Words searched in the subject and the text. */
  readonly search?: string
}

const toMessage = (row: OutboxRow): OutboxMessage => ({
  id: OutboxMessageId.make(row.id),
  organizationId: row.organizationId,
  recipients: row.recipients,
  subject: row.subject,
  text: row.text,
  html: row.html,
  status: row.status,
  error: row.error,
  attempts: row.attempts,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
})

const Cursor = Schema.compose(
  Schema.StringFromBase64Url,
  Schema.parseJson(Schema.Tuple(Schema.Number, Schema.UUID)),
)

export class Mailer extends Effect.Service<Mailer>()("@app/core/Mailer", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const transport = yield* MailTransport
    const queue = yield* JobQueue

    /**
     * Records `message` for `organizationId` and, with SMTP, enqueues its delivery — both in the
     * caller's transaction when there is one, so a rolled-back operation sends nothing.
     */
    const send = Effect.fn("Mailer.send")(function* (organizationId: string, message: MailMessage) {
      const createdAt = new Date(yield* Clock.currentTimeMillis)
      return yield* database.transaction(
        Effect.gen(function* () {
          const [row] = yield* database.use((db) =>
            db
              .insert(outbox)
              .values({
                organizationId,
                recipients: [...message.to],
                subject: message.subject,
                text: message.text,
                html: message.html ?? null,
                status: transport.kind === "smtp" ? "queued" : "stored",
                createdAt,
              })
              .returning(),
          )
          if (row === undefined) return yield* Effect.dieMessage("insert into outbox returned no row")
          if (transport.kind === "smtp") {
            yield* queue.enqueue({
              kind: MAIL_SEND_JOB,
              organizationId,
              payload: { outboxId: row.id },
              dedupeKey: `mail:${row.id}`,
              maxAttempts: 8,
            })
          }
          return toMessage(row)
        }),
      )
    })

    return { send } as const
  }),
}) {}

export class Outbox extends Effect.Service<Outbox>()("@app/core/Outbox", {
  effect: Effect.gen(function* () {
    const database = yield* Database

    /** An organization's messages, newest first; pass the previous page's `nextCursor` to go on. */
    const list = Effect.fn("Outbox.list")(function* (
      organizationId: string,
      cursor?: string,
      options?: { readonly limit?: number } & OutboxFilter,
    ) {
      const limit = Math.min(Math.max(options?.limit ?? 50, 1), 200)
      const after = cursor === undefined ? Option.none() : Schema.decodeUnknownOption(Cursor)(cursor)
      if (cursor !== undefined && Option.isNone(after)) return yield* new InvalidOutboxCursor()
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(outbox)
          .where(
            and(
              eq(outbox.organizationId, organizationId),
              options?.status ? eq(outbox.status, options.status) : undefined,
              options?.recipient
                ? sql`exists (select 1 from unnest(${outbox.recipients}) as r where lower(r) = lower(${options.recipient}))`
                : undefined,
              options?.from ? gte(outbox.createdAt, options.from) : undefined,
              options?.to ? lte(outbox.createdAt, options.to) : undefined,
              options?.search
                ? or(
                    ilike(outbox.subject, likePattern(options.search)),
                    ilike(outbox.text, likePattern(options.search)),
                  )
                : undefined,
              Option.match(after, {
                onNone: () => undefined,
                onSome: ([at, id]) =>
                  or(
                    lt(outbox.createdAt, new Date(at)),
                    and(eq(outbox.createdAt, new Date(at)), lt(outbox.id, id)),
                  ),
              }),
            ),
          )
          .orderBy(desc(outbox.createdAt), desc(outbox.id))
          .limit(limit + 1),
      )
      const items = rows.slice(0, limit).map(toMessage)
      const last = items[items.length - 1]
      const nextCursor =
        rows.length > limit && last ? Schema.encodeSync(Cursor)([last.createdAt.getTime(), last.id]) : null
      return { items, nextCursor }
    })

    /** The current actor's organization's messages: administrators only (they name every recipient). */
    const listOwn = Effect.fn("Outbox.listOwn")(function* (
      cursor?: string,
      options?: { readonly limit?: number } & OutboxFilter,
    ) {
      const actor = yield* requireAdmin("read the outbox")
      return yield* list(actor.organizationId, cursor, options)
    })

    return { list, listOwn } as const
  }),
}) {}

/**
 * Registers the `mail.send` handler on the JobRunner: delivers one outbox row over the transport and
 * records the outcome; a failure is recorded on the row and retried by the job until its last attempt.
 */
export const MailJobs = Layer.effectDiscard(
  Effect.gen(function* () {
    const runner = yield* JobRunner
    const database = yield* Database
    const transport = yield* MailTransport
    yield* runner.register(MAIL_SEND_JOB, (job) =>
      Effect.gen(function* () {
        const { outboxId } = yield* Schema.decodeUnknown(MailSendPayload)(job.payload)
        const [row] = yield* database.use((db) => db.select().from(outbox).where(eq(outbox.id, outboxId)))
        if (row === undefined || row.status === "sent") return { outboxId, skipped: true }
        const delivered = yield* transport
          .send({
            to: row.recipients,
            subject: row.subject,
            text: row.text,
            ...(row.html === null ? {} : { html: row.html }),
          })
          .pipe(Effect.either)
        const at = new Date(yield* Clock.currentTimeMillis)
        if (delivered._tag === "Right") {
          yield* database.use((db) =>
            db
              .update(outbox)
              .set({ status: "sent", sentAt: at, error: null, attempts: sql`${outbox.attempts} + 1` })
              .where(eq(outbox.id, outboxId)),
          )
          return { outboxId, skipped: false }
        }
        const last = job.attempts >= job.maxAttempts
        yield* database.use((db) =>
          db
            .update(outbox)
            .set({
              status: last ? "failed" : "queued",
              error: delivered.left.reason,
              attempts: sql`${outbox.attempts} + 1`,
            })
            .where(eq(outbox.id, outboxId)),
        )
        return yield* delivered.left
      }),
    )
  }),
)
