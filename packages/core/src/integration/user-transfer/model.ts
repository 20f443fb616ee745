/** User transfer (SPEC §4.4, seed "Autorisations pour les utilisateurs de Zoho CRM"): runs and their report. */
import { Schema } from "effect"

export const USER_TRANSFER_JOB = "integration.user-transfer"

export const TransferTrigger = Schema.Literal(
  "permissions_saved",
  "user_created",
  "user_reprofiled",
  "user_reactivated",
)
export type TransferTrigger = typeof TransferTrigger.Type

export const TransferOutcome = Schema.Literal("transferred", "already_present", "failed")
export type TransferOutcome = typeof TransferOutcome.Type

export const TransferItem = Schema.Struct({
  userId: Schema.NullOr(Schema.String),
  email: Schema.String,
  name: Schema.String,
  outcome: TransferOutcome,
  /** The portal role the user has now: `Employee` when transferred, their own when already present. */
  role: Schema.NullOr(Schema.String),
  reason: Schema.NullOr(Schema.String),
  at: Schema.String,
})
export type TransferItem = typeof TransferItem.Type

export const TransferRun = Schema.Struct({
  id: Schema.String,
  jobId: Schema.NullOr(Schema.String),
  trigger: TransferTrigger,
  /** The job's status: queued, running, succeeded, failed or cancelled. */
  status: Schema.String,
  createdAt: Schema.String,
  finishedAt: Schema.NullOr(Schema.String),
  counts: Schema.Struct({ transferred: Schema.Number, alreadyPresent: Schema.Number, failed: Schema.Number }),
})
export type TransferRun = typeof TransferRun.Type

export const TransferReport = Schema.Struct({ run: TransferRun, items: Schema.Array(TransferItem) })
export type TransferReport = typeof TransferReport.Type

export class TransferRunNotFound extends Schema.TaggedError<TransferRunNotFound>()("TransferRunNotFound", {
  runId: Schema.String,
}) {
  override get message() {
    return `user transfer ${this.runId} not found`
  }
}

export const TransferPayload = Schema.Struct({ organizationId: Schema.UUID, runId: Schema.UUID })
