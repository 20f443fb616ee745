/** Messages the product sends and the outbox that records each of them (SPEC §2 "Mail"). */
import { Schema } from "effect"

const Email = Schema.String.pipe(Schema.pattern(/^[^\s@]+@[^\s@]+$/), Schema.maxLength(320))

export const MailMessage = Schema.Struct({
  to: Schema.NonEmptyArray(Email),
  subject: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(998)),
  text: Schema.String,
  html: Schema.optional(Schema.String),
})
export type MailMessage = typeof MailMessage.Type

export const OutboxStatus = Schema.Literal("stored", "queued", "sent", "failed")
export type OutboxStatus = typeof OutboxStatus.Type

export const OutboxMessageId = Schema.UUID.pipe(Schema.brand("OutboxMessageId"))
export type OutboxMessageId = typeof OutboxMessageId.Type

/** An outbox row as the API returns it (`GET /api/v1/outbox`; encode with this schema). */
export const OutboxMessage = Schema.Struct({
  id: OutboxMessageId,
  organizationId: Schema.String,
  recipients: Schema.Array(Schema.String),
  subject: Schema.String,
  text: Schema.String,
  html: Schema.NullOr(Schema.String),
  /** stored: no SMTP configured, the outbox is the destination; queued → sent | failed with SMTP. */
  status: OutboxStatus,
  error: Schema.NullOr(Schema.String),
  attempts: Schema.Number,
  createdAt: Schema.Date,
  sentAt: Schema.NullOr(Schema.Date),
})
export type OutboxMessage = typeof OutboxMessage.Type

/** The SMTP server refused or could not be reached; the `mail.send` job retries it. */
export class MailDeliveryFailed extends Schema.TaggedError<MailDeliveryFailed>()("MailDeliveryFailed", {
  reason: Schema.String,
}) {
  override get message() {
    return `mail delivery failed: ${this.reason}`
  }
}

export class InvalidOutboxCursor extends Schema.TaggedError<InvalidOutboxCursor>()(
  "InvalidOutboxCursor",
  {},
) {
  override get message() {
    return "cursor is not one this API returned"
  }
}
