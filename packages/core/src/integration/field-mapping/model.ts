/**
 * Field mapping (SPEC §4.3, seed "Mapper des champs"): the portal's project fields, the CRM fields of
 * Deals and Accounts that may fill them, the saved mapping and the project drafts it pre-fills.
 */
import { Schema } from "effect"
import { FieldType } from "../../crm/model.js"
import { ProjectFieldTypes } from "./compatibility.js"

export const ProjectFieldType = Schema.Literal(...ProjectFieldTypes)

/** The two CRM modules a project field can take its value from. */
export const SourceModule = Schema.Literal("deals", "accounts")
export type SourceModule = typeof SourceModule.Type

export const CrmFieldCandidate = Schema.Struct({
  apiName: Schema.String,
  label: Schema.String,
  type: FieldType,
  custom: Schema.Boolean,
  options: Schema.optional(Schema.Array(Schema.String)),
})
export type CrmFieldCandidate = typeof CrmFieldCandidate.Type

/** A compatible CRM field; for picklists, the CRM options the project field lacks (saving refuses them). */
export const CompatibleField = Schema.Struct({
  apiName: Schema.String,
  missingOptions: Schema.Array(Schema.String),
})

export const ProjectFieldCandidate = Schema.Struct({
  apiName: Schema.String,
  label: Schema.String,
  /** The portal's field type; null when this integration cannot map that type. */
  type: Schema.NullOr(ProjectFieldType),
  portalType: Schema.String,
  custom: Schema.Boolean,
  mandatory: Schema.Boolean,
  options: Schema.Array(Schema.String),
  compatible: Schema.Struct({
    deals: Schema.Array(CompatibleField),
    accounts: Schema.Array(CompatibleField),
  }),
})
export type ProjectFieldCandidate = typeof ProjectFieldCandidate.Type

export const FieldMappingCandidates = Schema.Struct({
  projectFields: Schema.Array(ProjectFieldCandidate),
  deals: Schema.Array(CrmFieldCandidate),
  accounts: Schema.Array(CrmFieldCandidate),
})
export type FieldMappingCandidates = typeof FieldMappingCandidates.Type

/** One line of `PUT /integration/field-mappings`: a project field ← a Deals field and/or an Accounts field. */
export const FieldMappingEntry = Schema.Struct({
  projectField: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(100)),
  dealsField: Schema.optionalWith(Schema.NullOr(Schema.String.pipe(Schema.maxLength(100))), {
    default: () => null,
  }),
  accountsField: Schema.optionalWith(Schema.NullOr(Schema.String.pipe(Schema.maxLength(100))), {
    default: () => null,
  }),
})
export type FieldMappingEntry = typeof FieldMappingEntry.Type

export const FieldMappingInput = Schema.Struct({
  entries: Schema.Array(FieldMappingEntry).pipe(Schema.maxItems(500)),
})
export type FieldMappingInput = typeof FieldMappingInput.Type

const MappedSource = Schema.NullOr(
  Schema.Struct({ apiName: Schema.String, label: Schema.NullOr(Schema.String) }),
)

/** Why a saved line is broken, as data a client words in its language (`problems` says it in English). */
export const BrokenLineReason = Schema.Struct({
  code: Schema.Literal(
    "projectFieldGone",
    "crmFieldGone",
    "notFillable",
    "incompatibleType",
    "missingOptions",
  ),
  /** The CRM side concerned; null when the project field itself is the cause. */
  module: Schema.NullOr(SourceModule),
  /** The CRM field's api name on that side. */
  field: Schema.NullOr(Schema.String),
  /** `crmType` and `projectType` for a type change, `options` (comma-separated) for missing options. */
  params: Schema.Record({ key: Schema.String, value: Schema.String }),
})
export type BrokenLineReason = typeof BrokenLineReason.Type

/** A saved mapping line as read back: broken when either side no longer fits (field gone, type changed). */
export const FieldMappingLine = Schema.Struct({
  projectField: Schema.String,
  projectFieldLabel: Schema.String,
  projectFieldType: Schema.String,
  deals: MappedSource,
  accounts: MappedSource,
  status: Schema.Literal("ok", "broken"),
  /** In English, for API users. */
  problems: Schema.Array(Schema.String),
  reasons: Schema.Array(BrokenLineReason),
})
export type FieldMappingLine = typeof FieldMappingLine.Type

export const FieldMappingView = Schema.Struct({
  entries: Schema.Array(FieldMappingLine),
  savedAt: Schema.NullOr(Schema.String),
})
export type FieldMappingView = typeof FieldMappingView.Type

/** One refused pair of a mapping: `field` is the body path (`entries[2].dealsField`). */
export const FieldMappingProblem = Schema.Struct({
  field: Schema.String,
  projectField: Schema.String,
  module: Schema.NullOr(SourceModule),
  crmField: Schema.NullOr(Schema.String),
  reason: Schema.String,
  /** Stable name of the reason, for a client's own wording of it. */
  code: Schema.optional(Schema.String),
  missingOptions: Schema.optional(Schema.Array(Schema.String)),
})
export type FieldMappingProblem = typeof FieldMappingProblem.Type

/** 422: the mapping was refused as a whole (nothing saved); each problem names the pair and why. */
export class FieldMappingInvalid extends Schema.TaggedError<FieldMappingInvalid>()("FieldMappingInvalid", {
  errors: Schema.Array(FieldMappingProblem),
}) {
  override get message() {
    return this.errors
      .map((e) => `${e.projectField}${e.crmField ? ` ← ${e.module}.${e.crmField}` : ""}: ${e.reason}`)
      .join("; ")
  }
}

/** A project draft field: the converted value, where it came from, or why it is empty. */
export const DraftField = Schema.Struct({
  projectField: Schema.String,
  label: Schema.String,
  type: Schema.String,
  mandatory: Schema.Boolean,
  value: Schema.Unknown,
  /** Human-readable form of `value` (a user's email, a lookup's record name). */
  display: Schema.NullOr(Schema.String),
  source: Schema.NullOr(Schema.Struct({ module: SourceModule, field: Schema.String })),
  /** Why the field is empty although mapped (null when filled or when the record has no value). */
  problem: Schema.NullOr(Schema.String),
})
export type DraftField = typeof DraftField.Type

export const ProjectDraft = Schema.Struct({
  links: Schema.Struct({ dealId: Schema.NullOr(Schema.String), accountId: Schema.NullOr(Schema.String) }),
  fields: Schema.Array(DraftField),
  /** Ready for `POST /projects` as `values`: every filled field by api name. */
  values: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
})
export type ProjectDraft = typeof ProjectDraft.Type
