/**
 * The CRM host's model (SPEC §3): branded ids, editions, modules, field types and the shapes the
 * services return. Everything crossing a boundary is described by a Schema here.
 */
import { Schema } from "effect"

export const OrganizationId = Schema.UUID.pipe(Schema.brand("OrganizationId"))
export type OrganizationId = typeof OrganizationId.Type
export const UserId = Schema.UUID.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type
export const ProfileId = Schema.UUID.pipe(Schema.brand("ProfileId"))
export type ProfileId = typeof ProfileId.Type
export const ApiTokenId = Schema.UUID.pipe(Schema.brand("ApiTokenId"))
export type ApiTokenId = typeof ApiTokenId.Type
export const FieldId = Schema.UUID.pipe(Schema.brand("FieldId"))
export type FieldId = typeof FieldId.Type
export const RecordId = Schema.UUID.pipe(Schema.brand("RecordId"))
export type RecordId = typeof RecordId.Type

export const Edition = Schema.Literal("free", "standard", "professional", "enterprise")
export type Edition = typeof Edition.Type

export const Module = Schema.Literal("deals", "accounts", "contacts")
export type Module = typeof Module.Type
export const modules: ReadonlyArray<Module> = Module.literals

export const FieldType = Schema.Literal(
  "text",
  "textarea",
  "email",
  "phone",
  "url",
  "number",
  "currency",
  "percent",
  "date",
  "datetime",
  "boolean",
  "picklist",
  "lookup",
  "user",
)
export type FieldType = typeof FieldType.Type

/** Case-insensitive, trimmed email as stored and compared. */
export const Email = Schema.Trim.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "must be an email address" }),
  Schema.maxLength(254),
)

export const Organization = Schema.Struct({
  id: OrganizationId,
  name: Schema.String,
  edition: Edition,
})
export type Organization = typeof Organization.Type

export const Profile = Schema.Struct({
  id: ProfileId,
  name: Schema.String,
  description: Schema.String,
  isAdmin: Schema.Boolean,
  builtIn: Schema.Boolean,
})
export type Profile = typeof Profile.Type

/** The languages of the console and of the product's mail. */
export const UserLocale = Schema.Literal("en", "fr")
export type UserLocale = typeof UserLocale.Type

export const User = Schema.Struct({
  id: UserId,
  organizationId: OrganizationId,
  name: Schema.String,
  email: Schema.String,
  profileId: ProfileId,
  active: Schema.Boolean,
  createdAt: Schema.DateFromSelf,
})
export type User = typeof User.Type

export const FieldSettings = Schema.Struct({
  /** Picklist values, in display order. */
  options: Schema.optional(Schema.Array(Schema.String)),
  /** Lookup target. */
  lookupModule: Schema.optional(Module),
})
export type FieldSettings = typeof FieldSettings.Type

export const Field = Schema.Struct({
  id: FieldId,
  module: Module,
  apiName: Schema.String,
  label: Schema.String,
  type: FieldType,
  required: Schema.Boolean,
  unique: Schema.Boolean,
  custom: Schema.Boolean,
  options: Schema.optional(Schema.Array(Schema.String)),
  lookupModule: Schema.optional(Module),
  position: Schema.Number,
})
export type Field = typeof Field.Type

/** A field value as it travels in JSON; its meaning comes from the field's type. */
export const FieldValue = Schema.Union(Schema.String, Schema.Number, Schema.Boolean, Schema.Null)
export type FieldValue = typeof FieldValue.Type

export const RecordValues = Schema.Record({ key: Schema.String, value: FieldValue })
export type RecordValues = typeof RecordValues.Type

export const CrmRecord = Schema.Struct({
  id: RecordId,
  module: Module,
  name: Schema.String,
  values: RecordValues,
  createdAt: Schema.DateFromSelf,
  updatedAt: Schema.DateFromSelf,
})
export type CrmRecord = typeof CrmRecord.Type
