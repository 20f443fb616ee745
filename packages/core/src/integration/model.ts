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
