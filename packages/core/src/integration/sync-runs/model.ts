/**
 * Sync runs as the API shows them (SPEC §4.9): a run with its trigger, who started it, its time span
 * and counts, and its items — what changed, field by field, or why an object was refused.
 */
import { Schema } from "effect"

/** `crm-edit`: a CRM user's create or edit written through to the portal, then into the copy. */
export const SyncRunTrigger = Schema.Literal(
  "import",
  "catch-up",
  "reconcile",
  "sync-now",
  "webhook",
  "undo",
  "crm-edit",
)
export type SyncRunTrigger = typeof SyncRunTrigger.Type

/** `running` until it ends; a pass whose job failed or was cancelled says so. */
export const SyncRunStatus = Schema.Literal("running", "succeeded", "failed", "cancelled")
export type SyncRunStatus = typeof SyncRunStatus.Type

export const SyncRunEntity = Schema.Literal("project", "client", "client_user", "portal_user")
export type SyncRunEntity = typeof SyncRunEntity.Type

export const SyncRunOutcome = Schema.Literal("created", "updated", "removed", "failed")
export type SyncRunOutcome = typeof SyncRunOutcome.Type

export const SyncRunCounts = Schema.Struct({
  created: Schema.Number,
  updated: Schema.Number,
  removed: Schema.Number,
  unchanged: Schema.Number,
  failed: Schema.Number,
})
export type SyncRunCounts = typeof SyncRunCounts.Type

export const SyncRun = Schema.Struct({
  id: Schema.String,
  number: Schema.Number,
  trigger: SyncRunTrigger,
  status: SyncRunStatus,
  startedBy: Schema.Struct({ userId: Schema.NullOr(Schema.String), label: Schema.String }),
  startedAt: Schema.String,
  endedAt: Schema.NullOr(Schema.String),
  counts: SyncRunCounts,
  /** The pass's job (progress while it runs), null for webhook batches. */
  jobId: Schema.NullOr(Schema.String),
  undoesRunId: Schema.NullOr(Schema.String),
  undoneByRunId: Schema.NullOr(Schema.String),
}).annotations({ identifier: "SyncRun" })
export type SyncRun = typeof SyncRun.Type

export const FieldChange = Schema.Struct({
  field: Schema.String,
  before: Schema.Unknown,
  after: Schema.Unknown,
})
export type FieldChange = typeof FieldChange.Type

export const SyncRunItem = Schema.Struct({
  id: Schema.Number,
  runId: Schema.String,
  entity: SyncRunEntity,
  /** The Projects id of the project or client, the zpuid of a user. */
  key: Schema.String,
  name: Schema.NullOr(Schema.String),
  outcome: SyncRunOutcome,
  /** Updated items: each field with its value before and after; empty otherwise. */
  changes: Schema.Array(FieldChange),
  /** Failed items: why the database refused the object. */
  reason: Schema.NullOr(Schema.String),
  at: Schema.String,
}).annotations({ identifier: "SyncRunItem" })
export type SyncRunItem = typeof SyncRunItem.Type

export interface SyncRunFilter {
  readonly trigger?: SyncRunTrigger
  readonly from?: Date
  readonly to?: Date
}

export interface SyncRunItemFilter {
  readonly entity?: SyncRunEntity
  /** A project (or other object): its Projects id, or words of its name. */
  readonly object?: string
  readonly field?: string
  readonly outcome?: SyncRunOutcome
  readonly from?: Date
  readonly to?: Date
}

export class SyncRunNotFound extends Schema.TaggedError<SyncRunNotFound>()("SyncRunNotFound", {
  runId: Schema.String,
}) {
  override get message() {
    return `sync run ${this.runId} not found`
  }
}
