/**
 * Failures of the CRM host a caller can act on. Each carries data and derives its message; none
 * carries a password, token or hash.
 */
import { Schema } from "effect"
import { Module } from "./model.js"

/**
 * One offending input, named by its field (api name or body property). `message` is English for API
 * users; `code` and `params` let a client say it in its own language.
 */
export const FieldProblem = Schema.Struct({
  field: Schema.String,
  message: Schema.String,
  code: Schema.optional(Schema.String),
  params: Schema.optional(
    Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number) }),
  ),
})
export type FieldProblem = typeof FieldProblem.Type

export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", {}) {
  override get message() {
    return "email or password is incorrect"
  }
}

export class SignInThrottled extends Schema.TaggedError<SignInThrottled>()("SignInThrottled", {
  retryAfterSeconds: Schema.Number,
}) {
  override get message() {
    return `too many failed sign-ins; retry in ${this.retryAfterSeconds} s`
  }
}

export class OrganizationRequired extends Schema.TaggedError<OrganizationRequired>()(
  "OrganizationRequired",
  {},
) {
  override get message() {
    return "this email belongs to several organizations; name the organization"
  }
}

export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  reason: Schema.Literal("missing", "invalid", "expired", "revoked", "inactive"),
}) {
  override get message() {
    return `not signed in (${this.reason} credentials)`
  }
}

export class CsrfTokenInvalid extends Schema.TaggedError<CsrfTokenInvalid>()("CsrfTokenInvalid", {}) {
  override get message() {
    return "missing or wrong X-CSRF-Token header"
  }
}

export class NotAdministrator extends Schema.TaggedError<NotAdministrator>()("NotAdministrator", {
  action: Schema.String,
}) {
  override get message() {
    return `only administrators can ${this.action}`
  }
}

export class OrganizationNotFound extends Schema.TaggedError<OrganizationNotFound>()("OrganizationNotFound", {
  organizationId: Schema.String,
}) {
  override get message() {
    return `organization ${this.organizationId} not found`
  }
}

export class UserNotFound extends Schema.TaggedError<UserNotFound>()("UserNotFound", {
  userId: Schema.String,
}) {
  override get message() {
    return `user ${this.userId} not found`
  }
}

export class EmailTaken extends Schema.TaggedError<EmailTaken>()("EmailTaken", { email: Schema.String }) {
  override get message() {
    return `a user with email ${this.email} already exists`
  }
}

export class LastAdministrator extends Schema.TaggedError<LastAdministrator>()("LastAdministrator", {}) {
  override get message() {
    return "the organization must keep at least one active administrator"
  }
}

export class ProfileNotFound extends Schema.TaggedError<ProfileNotFound>()("ProfileNotFound", {
  profileId: Schema.String,
}) {
  override get message() {
    return `profile ${this.profileId} not found`
  }
}

export class ProfileNameTaken extends Schema.TaggedError<ProfileNameTaken>()("ProfileNameTaken", {
  name: Schema.String,
}) {
  override get message() {
    return `a profile named ${this.name} already exists`
  }
}

export class ApiTokenNotFound extends Schema.TaggedError<ApiTokenNotFound>()("ApiTokenNotFound", {
  tokenId: Schema.String,
}) {
  override get message() {
    return `API token ${this.tokenId} not found`
  }
}

export class FieldDefinitionInvalid extends Schema.TaggedError<FieldDefinitionInvalid>()(
  "FieldDefinitionInvalid",
  { errors: Schema.Array(FieldProblem) },
) {
  override get message() {
    return `invalid field definition: ${this.errors.map((e) => `${e.field} ${e.message}`).join("; ")}`
  }
}

export class RecordNotFound extends Schema.TaggedError<RecordNotFound>()("RecordNotFound", {
  module: Module,
  recordId: Schema.String,
}) {
  override get message() {
    return `${this.module} record ${this.recordId} not found`
  }
}

/** A record write refused by the metadata: one problem per offending field, nothing written. */
export class RecordInvalid extends Schema.TaggedError<RecordInvalid>()("RecordInvalid", {
  module: Module,
  errors: Schema.Array(FieldProblem),
}) {
  override get message() {
    return `invalid ${this.module} record: ${this.errors.map((e) => `${e.field} ${e.message}`).join("; ")}`
  }
}

/** A record write that would break a unique field. */
export class RecordConflict extends Schema.TaggedError<RecordConflict>()("RecordConflict", {
  module: Module,
  errors: Schema.Array(FieldProblem),
}) {
  override get message() {
    return `${this.module} record conflicts: ${this.errors.map((e) => `${e.field} ${e.message}`).join("; ")}`
  }
}

export class CursorInvalid extends Schema.TaggedError<CursorInvalid>()("CursorInvalid", {}) {
  override get message() {
    return "cursor is not one this list returned"
  }
}

/** Every failure of the CRM host, for exhaustive mappings (HTTP status, console messages). */
export type CrmError =
  | InvalidCredentials
  | SignInThrottled
  | OrganizationRequired
  | Unauthenticated
  | CsrfTokenInvalid
  | NotAdministrator
  | OrganizationNotFound
  | UserNotFound
  | EmailTaken
  | LastAdministrator
  | ProfileNotFound
  | ProfileNameTaken
  | ApiTokenNotFound
  | FieldDefinitionInvalid
  | RecordNotFound
  | RecordInvalid
  | RecordConflict
  | CursorInvalid
