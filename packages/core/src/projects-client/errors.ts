/** Failures of the Projects API that callers act on. None of them ever holds a key or a token. */
import { Schema } from "effect"

/** 401 `INVALID_KEY`: the service key + email no longer works (regenerated, ownership moved). Not transient. */
export class ServiceKeyRejected extends Schema.TaggedError<ServiceKeyRejected>()("ServiceKeyRejected", {
  email: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return `the Projects service key of ${this.email} was rejected: ${this.reason}`
  }
}

/** 401 `INVALID_OAUTHTOKEN`/`INVALID_OAUTHSCOPE` after any refresh, or an OAuth grant refused (`invalid_code`, `invalid_client`). */
export class OAuthTokenRejected extends Schema.TaggedError<OAuthTokenRejected>()("OAuthTokenRejected", {
  reason: Schema.String,
}) {
  override get message() {
    return `the Projects OAuth token or grant was rejected: ${this.reason}`
  }
}

export const FieldProblem = Schema.Struct({ field: Schema.String, message: Schema.String })
export type FieldProblem = typeof FieldProblem.Type

/** 400/409: the portal refused the input; `fields` names what to fix, `title` is the V3 error title. */
export class ProjectsValidationFailed extends Schema.TaggedError<ProjectsValidationFailed>()(
  "ProjectsValidationFailed",
  {
    status: Schema.Number,
    title: Schema.String,
    detail: Schema.String,
    fields: Schema.Array(FieldProblem),
  },
) {
  override get message() {
    return `Projects refused the request (${this.status} ${this.title}): ${this.detail}`
  }
}

/** 404: unknown or trashed id, or unknown portal. */
export class ProjectsNotFound extends Schema.TaggedError<ProjectsNotFound>()("ProjectsNotFound", {
  resource: Schema.String,
}) {
  override get message() {
    return `not found in Projects: ${this.resource}`
  }
}

/** 403: the portal role of the caller forbids this. */
export class ProjectsForbidden extends Schema.TaggedError<ProjectsForbidden>()("ProjectsForbidden", {
  resource: Schema.String,
  detail: Schema.String,
}) {
  override get message() {
    return `Projects forbids this: ${this.detail}`
  }
}

/**
 * Transient: 5xx, timeouts, dropped connections or rate limiting, still failing after the configured
 * attempts. `retryAfterSeconds` is set when the service asked to wait longer than we are willing to.
 */
export class ProjectsUnavailable extends Schema.TaggedError<ProjectsUnavailable>()("ProjectsUnavailable", {
  reason: Schema.Literal("server-error", "timeout", "connection", "rate-limited"),
  attempts: Schema.Number,
  status: Schema.optional(Schema.Number),
  retryAfterSeconds: Schema.optional(Schema.Number),
}) {
  override get message() {
    return `Projects is unavailable (${this.reason}${this.status ? ` ${this.status}` : ""}) after ${this.attempts} attempt(s)`
  }
}

export type ProjectsError =
  | ServiceKeyRejected
  | OAuthTokenRejected
  | ProjectsValidationFailed
  | ProjectsNotFound
  | ProjectsForbidden
  | ProjectsUnavailable
