/** Request and response bodies of the CRM host routes (the JSON side of the core model). */
import {
  Edition,
  FieldType,
  MAX_RATE_LIMIT_PER_MINUTE,
  Module,
  OrganizationId,
  ProfileId,
  RecordSort,
  TokenScope,
} from "@app/core/crm"
import { Schema } from "effect"

// Trimmed strings state their limits for JSON Schema: a transformation hides its refinements there.
const Text = (max: number) =>
  Schema.Trim.pipe(Schema.minLength(1, { message: () => "is required" }), Schema.maxLength(max)).annotations({
    jsonSchema: { type: "string", minLength: 1, maxLength: max },
  })

export const Password = Schema.Redacted(
  Schema.String.pipe(
    Schema.minLength(8, { message: () => "must be at least 8 characters" }),
    Schema.maxLength(1024),
  ),
)

export const Email = Schema.Trim.pipe(
  Schema.maxLength(254),
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "must be an email address" }),
).annotations({ jsonSchema: { type: "string", format: "email", maxLength: 254 } })

export const Id = Schema.UUID.annotations({ description: "a UUID" })
export const IdParam = Schema.Struct({ id: Id })

export const SignInBody = Schema.Struct({
  email: Schema.Trim.pipe(Schema.minLength(1, { message: () => "is required" }), Schema.maxLength(254)),
  password: Schema.Redacted(
    Schema.String.pipe(Schema.minLength(1, { message: () => "is required" }), Schema.maxLength(1024)),
  ),
  /** Needed only when the email belongs to users of several organizations. */
  organizationId: Schema.optional(OrganizationId),
}).annotations({ identifier: "SignIn" })

export const UserOut = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  email: Schema.String,
  profileId: Schema.String,
  profileName: Schema.String,
  active: Schema.Boolean,
  createdAt: Schema.Date,
}).annotations({ identifier: "User" })

export const ProfileOut = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  description: Schema.String,
  isAdmin: Schema.Boolean,
  builtIn: Schema.Boolean,
}).annotations({ identifier: "Profile" })

export const OrganizationOut = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  edition: Edition,
}).annotations({ identifier: "Organization" })

export const ProjectPermissions = Schema.Struct({
  tab: Schema.Boolean,
  view: Schema.Boolean,
  create: Schema.Boolean,
  edit: Schema.Boolean,
  delete: Schema.Boolean,
}).annotations({ identifier: "ProjectPermissions" })

export const MeOut = Schema.Struct({
  user: UserOut,
  profile: ProfileOut,
  organization: OrganizationOut,
  visibleTabs: Schema.Array(Schema.String),
  /** Null until the integration is active for this organization. */
  projectPermissions: Schema.NullOr(ProjectPermissions),
  /** For cookie sessions: the token writes must send in X-CSRF-Token. */
  csrfToken: Schema.optional(Schema.String),
}).annotations({ identifier: "Me" })

export const SessionOut = Schema.Struct({
  user: UserOut,
  csrfToken: Schema.String,
}).annotations({ identifier: "Session" })

export const TokenBody = Schema.Struct({
  name: Text(100),
  /** What the token may do; default every scope. */
  scopes: Schema.optional(Schema.Array(TokenScope).pipe(Schema.minItems(1), Schema.maxItems(20))),
  /** When the token stops working; default never. */
  expiresAt: Schema.optional(Schema.NullOr(Schema.Date)),
}).annotations({ identifier: "NewApiToken" })

export const TokenOut = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  prefix: Schema.String,
  createdAt: Schema.Date,
  lastUsedAt: Schema.NullOr(Schema.Date),
  revokedAt: Schema.NullOr(Schema.Date),
  scopes: Schema.Array(TokenScope),
  expiresAt: Schema.NullOr(Schema.Date),
  rateLimitPerMinute: Schema.Number,
  /** The token's user (administrators listing the organization's tokens see everyone's). */
  userId: Schema.String,
}).annotations({ identifier: "ApiToken" })

export const TokenPatchBody = Schema.Struct({
  rateLimitPerMinute: Schema.Int.pipe(Schema.between(1, MAX_RATE_LIMIT_PER_MINUTE)),
}).annotations({ identifier: "ApiTokenPatch" })

export const TokenListQuery = Schema.Struct({
  /** `organization`: every token of the organization (administrators). */
  owner: Schema.optional(Schema.Literal("me", "organization")),
})

export const CreatedTokenOut = Schema.Struct({
  ...TokenOut.fields,
  /** The secret itself, shown this once; only its digest is stored. */
  token: Schema.String,
}).annotations({ identifier: "CreatedApiToken" })

export const NewUserBody = Schema.Struct({
  name: Text(200),
  email: Email,
  profileId: ProfileId,
  password: Password,
}).annotations({ identifier: "NewUser" })

export const UserPatchBody = Schema.Struct({
  name: Schema.optional(Text(200)),
  profileId: Schema.optional(ProfileId),
  active: Schema.optional(Schema.Boolean),
  password: Schema.optional(Password),
}).annotations({ identifier: "UserPatch" })

export const NewProfileBody = Schema.Struct({
  name: Text(100),
  description: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
}).annotations({ identifier: "NewProfile" })

export const FieldOut = Schema.Struct({
  id: Schema.String,
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
}).annotations({ identifier: "Field" })

export const NewFieldBody = Schema.Struct({
  label: Schema.String,
  apiName: Schema.optional(Schema.String),
  type: FieldType,
  required: Schema.optional(Schema.Boolean),
  unique: Schema.optional(Schema.Boolean),
  options: Schema.optional(Schema.Array(Schema.String)),
  lookupModule: Schema.optional(Module),
}).annotations({ identifier: "NewField" })

export const ModuleParam = Schema.Struct({ module: Module })

export const FieldValueOut = Schema.Union(Schema.String, Schema.Number, Schema.Boolean, Schema.Null)

export const RecordOut = Schema.Struct({
  id: Schema.String,
  module: Module,
  name: Schema.String,
  values: Schema.Record({ key: Schema.String, value: FieldValueOut }),
  createdAt: Schema.Date,
  updatedAt: Schema.Date,
}).annotations({ identifier: "Record" })

/** Values keyed by field api name; each is checked against the field metadata by the server. */
export const RecordBody = Schema.Struct({
  values: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
}).annotations({ identifier: "RecordValues" })

export const RecordListQuery = Schema.Struct({
  search: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
  sort: Schema.optional(RecordSort),
  cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000))),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))),
})

export const RecordPageOut = Schema.Struct({
  items: Schema.Array(RecordOut),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "RecordPage" })

export const itemsOf = <A, I>(item: Schema.Schema<A, I, never>) =>
  Schema.Struct({ items: Schema.Array(item) })
