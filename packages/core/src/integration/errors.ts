/** Failures of the integration a caller can act on; messages never carry keys or tokens. */
import { Schema } from "effect"
import { IntegrationStatus } from "./model.js"

/** The operation needs another integration status (e.g. choosing a portal before enabling). */
export class IntegrationStateConflict extends Schema.TaggedError<IntegrationStateConflict>()(
  "IntegrationStateConflict",
  { status: IntegrationStatus, action: Schema.String, reason: Schema.String },
) {
  override get message() {
    return `cannot ${this.action} while the integration is ${this.status.replaceAll("_", " ")}: ${this.reason}`
  }
}

/** The free edition's trial is over: syncing and project writes stop until an upgrade. */
export class TrialExpired extends Schema.TaggedError<TrialExpired>()("TrialExpired", {
  endedAt: Schema.String,
}) {
  override get message() {
    return `the 15-day trial of the Projects integration ended at ${this.endedAt}; upgrade the CRM edition to continue`
  }
}

/** The stored service key no longer works: an admin must enter a new key and its email. */
export class IntegrationKeyInvalid extends Schema.TaggedError<IntegrationKeyInvalid>()(
  "IntegrationKeyInvalid",
  {},
) {
  override get message() {
    return "the Projects service key is no longer valid; an administrator must update the service key"
  }
}

/** A key + email (or OAuth connection) the Projects portal refused when an admin submitted it. */
export class CredentialRejected extends Schema.TaggedError<CredentialRejected>()("CredentialRejected", {
  field: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return this.reason
  }
}

export class PortalNotAvailable extends Schema.TaggedError<PortalNotAvailable>()("PortalNotAvailable", {
  portalId: Schema.String,
}) {
  override get message() {
    return `portal ${this.portalId} is not among the portals this credential can reach`
  }
}

/** Projects could not be reached after retries; nothing was changed. */
export class ProjectsUnreachable extends Schema.TaggedError<ProjectsUnreachable>()("ProjectsUnreachable", {
  reason: Schema.String,
}) {
  override get message() {
    return `the Projects service could not be reached: ${this.reason}`
  }
}
