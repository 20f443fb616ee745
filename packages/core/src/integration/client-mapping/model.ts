/**
 * Client mapping as callers see it (SPEC §4.5): the outcome per Projects client of an automatic run
 * (or of its dry-run preview), and the clients with the CRM account each is mapped to.
 */
import { Schema } from "effect"
import { ClientMappingChoice } from "../model.js"

/** Why the automatic run left a client unmapped. */
export const UnmappedReason = Schema.Literal(
  /** No CRM account has the client's normalized name. */
  "no_account",
  /** Several accounts have it: the run never guesses (`matchCount` says how many). */
  "several_accounts",
  /** The one account of that name is already mapped to another client (`heldBy` names it). */
  "account_taken",
)
export type UnmappedReason = typeof UnmappedReason.Type

const Ref = Schema.Struct({ id: Schema.String, name: Schema.String })

export const MappingOutcome = Schema.Union(
  Schema.TaggedStruct("mapped", {
    client: Ref,
    account: Ref,
    /** `manual`: mapped by an admin before the automatic run, which keeps it. */
    by: Schema.Literal("automatic", "manual"),
  }),
  Schema.TaggedStruct("unmapped", {
    client: Ref,
    reason: UnmappedReason,
    /** Accounts bearing the client's normalized name. */
    matchCount: Schema.Number,
    /** For `account_taken`: the account and the client that holds it. */
    account: Schema.NullOr(Ref),
    heldBy: Schema.NullOr(Ref),
  }),
)
export type MappingOutcome = typeof MappingOutcome.Type

export const MappingReport = Schema.Struct({
  mapped: Schema.Array(MappingOutcome.members[0]),
  unmapped: Schema.Array(MappingOutcome.members[1]),
})
export type MappingReport = typeof MappingReport.Type

/** `POST /integration/client-mapping/preview`: what "Yes, map matching records" would do. */
export const ClientMappingPreview = Schema.Struct({
  /** False once automatic mapping was run or skipped for this association (the run would be refused). */
  available: Schema.Boolean,
  choice: ClientMappingChoice,
  ...MappingReport.fields,
})
export type ClientMappingPreview = typeof ClientMappingPreview.Type

export const reasonText = (outcome: (typeof MappingOutcome.members)[1]["Type"]): string => {
  switch (outcome.reason) {
    case "no_account":
      return "no account of that name"
    case "several_accounts":
      return `${outcome.matchCount} accounts of that name`
    case "account_taken":
      return `the account is already mapped to another client (${outcome.heldBy?.name ?? "unknown"})`
  }
}

/** A Projects client and the account it is mapped to (`GET /integration/client-mappings`). */
export const ClientMappingEntry = Schema.Struct({
  client: Ref,
  account: Schema.NullOr(Ref),
  mappedBy: Schema.NullOr(Schema.Literal("automatic", "manual")),
})
export type ClientMappingEntry = typeof ClientMappingEntry.Type

/** `PUT /integration/client-mappings/:clientId` body. */
export const ManualMapping = Schema.Struct({ accountId: Schema.UUID })
export type ManualMapping = typeof ManualMapping.Type

/** A CRM contact associated with a project because its client user is listed on the project. */
export const ProjectContact = Schema.Struct({
  contactId: Schema.String,
  name: Schema.String,
  email: Schema.NullOr(Schema.String),
  accountId: Schema.NullOr(Schema.String),
})
export type ProjectContact = typeof ProjectContact.Type

/** What the contact pass did (job results, sync results). */
export interface ContactPassResult {
  readonly linked: number
  readonly created: number
  readonly notCreated: ReadonlyArray<{ readonly email: string; readonly reason: string }>
  readonly projectsChecked: number
  readonly associations: number
}
