/**
 * The integration as the console and the API see it (SPEC §4.1): one status, the trial, the portal,
 * the setup steps and a message saying why when something needs an admin.
 */
import { Schema } from "effect"

export const IntegrationStatus = Schema.Literal(
  "not_enabled",
  "setting_up",
  "active",
  "key_invalid",
  "trial_expired",
  "deactivated",
)
export type IntegrationStatus = typeof IntegrationStatus.Type

/** What is stored; "not enabled" is the absence of a row and "trial expired" is derived on read. */
export const StoredStatus = Schema.Literal("setting_up", "active", "key_invalid", "deactivated")
export type StoredStatus = typeof StoredStatus.Type

export const ClientMappingChoice = Schema.Literal("pending", "automatic", "skipped")
export type ClientMappingChoice = typeof ClientMappingChoice.Type

export const TRIAL_DAYS = 15

/**
 * Why the database refused an item of the portal, by SQLSTATE class: `invalid_value` (22, a value it
 * cannot store), `conflict` (23, e.g. a duplicate), `too_large` (54), `other`.
 */
export const SyncFailureReason = Schema.Literal("invalid_value", "conflict", "too_large", "other")
export type SyncFailureReason = typeof SyncFailureReason.Type

export const syncFailureReason = (sqlstate: string | undefined): SyncFailureReason =>
  sqlstate?.startsWith("22")
    ? "invalid_value"
    : sqlstate?.startsWith("23")
      ? "conflict"
      : sqlstate?.startsWith("54")
        ? "too_large"
        : "other"

/** An item of the portal the last sync pass could not copy; the pass went on with the others. */
export const SyncFailure = Schema.Struct({
  list: Schema.Literal("projects", "clients", "clientUsers", "portalUsers"),
  id: Schema.String,
  /** The item's name (a user's email when it has none), as the portal gave it; null when unknown. */
  name: Schema.NullOr(Schema.String),
  reason: SyncFailureReason,
  /** The database's SQLSTATE, for support. */
  sqlstate: Schema.NullOr(Schema.String),
})
export type SyncFailure = typeof SyncFailure.Type

export const SyncFailures = Schema.Struct({
  /** When the pass that found them ended. */
  at: Schema.String,
  /** Every failed item is counted; up to 100 are listed. */
  count: Schema.Number,
  items: Schema.Array(SyncFailure),
})
export type SyncFailures = typeof SyncFailures.Type

export const IntegrationView = Schema.Struct({
  status: IntegrationStatus,
  trial: Schema.NullOr(
    Schema.Struct({
      startedAt: Schema.String,
      endsAt: Schema.String,
      daysLeft: Schema.Number,
      expired: Schema.Boolean,
    }),
  ),
  portal: Schema.NullOr(Schema.Struct({ id: Schema.String, name: Schema.String })),
  credential: Schema.NullOr(Schema.Struct({ kind: Schema.Literal("key", "oauth"), email: Schema.String })),
  steps: Schema.Struct({
    portal: Schema.Boolean,
    fieldMapping: Schema.Boolean,
    permissions: Schema.Boolean,
    clientMapping: ClientMappingChoice,
  }),
  lastSyncedAt: Schema.NullOr(Schema.String),
  /**
   * The items the last sync pass could not copy (administrators only; null for other users and
   * before the first pass). A count of 0 is a clean pass.
   */
  syncFailures: Schema.NullOr(SyncFailures),
  message: Schema.NullOr(Schema.String),
})
export type IntegrationView = typeof IntegrationView.Type

export const statusMessages: Record<IntegrationStatus, string | null> = {
  not_enabled: "The Projects integration is not enabled. An administrator can enable it with Get Started.",
  setting_up: "The Projects integration is being set up: an administrator must choose a portal.",
  active: null,
  key_invalid:
    "The service key of the Projects portal is no longer valid. An administrator must update the service key in Setup › Marketplace › Zoho › Projects.",
  trial_expired:
    "The 15-day trial of the Projects integration has ended. Upgrade the CRM edition to resume syncing.",
  deactivated: "The Projects integration is deactivated. An administrator can associate a portal again.",
}
