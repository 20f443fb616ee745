/** Request and response bodies of the integration routes (SPEC §7 "integration", "portal", "projects", "jobs"). */
import { AuditEntry, CrmProject, IntegrationView, PortalSummary } from "@app/core/integration"
import { Job } from "@app/core/jobs"
import { Schema } from "effect"
import { Email } from "./crm.js"

export { IntegrationView, PortalSummary }

/** A service key as Projects issues it (32 lowercase hex on the mock); never echoed back. */
export const ServiceKey = Schema.Redacted(
  Schema.Trim.pipe(
    Schema.minLength(1, { message: () => "is required" }),
    Schema.maxLength(512),
    // Projects issues keys in printable ASCII; anything else can only be refused (and must not be echoed).
    Schema.pattern(/^[\x21-\x7e]+$/, { message: () => "must be printable ASCII without spaces" }),
  ),
)

export const KeyBody = Schema.Struct({ email: Email, key: ServiceKey }).annotations({
  identifier: "ServiceKeyInput",
})

/** A service key and its email go together; neither means the OAuth connection. */
const credentialPair = <A extends { readonly email?: string | undefined; readonly key?: unknown }>(
  body: A,
) =>
  body.email !== undefined && body.key === undefined
    ? { path: ["key"], message: "is required with the email of a service key" }
    : body.key !== undefined && body.email === undefined
      ? { path: ["email"], message: "is required with a service key" }
      : true

export const CreatePortalBody = Schema.Struct({
  name: Schema.Trim.pipe(Schema.minLength(1, { message: () => "is required" }), Schema.maxLength(100)),
  /** Omit to use the Projects account connected with OAuth; give both to use a service key. */
  email: Schema.optional(Email),
  key: Schema.optional(ServiceKey),
})
  .pipe(Schema.filter(credentialPair))
  .annotations({ identifier: "CreatePortal" })

export const ChoosePortalBody = Schema.Struct({
  portalId: Schema.String.pipe(
    Schema.pattern(/^\d{1,19}$/, { message: () => "must be a Projects portal id" }),
  ),
  email: Schema.optional(Email),
  key: Schema.optional(ServiceKey),
})
  .pipe(Schema.filter(credentialPair))
  .annotations({ identifier: "ChoosePortal" })

export const OAuthStartQuery = Schema.Struct({
  loginHint: Schema.optional(Schema.String.pipe(Schema.maxLength(254))),
})

export const OAuthCallbackQuery = Schema.Struct({
  code: Schema.optional(Schema.String.pipe(Schema.maxLength(2000))),
  state: Schema.optional(Schema.String.pipe(Schema.maxLength(1000))),
  error: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
})

export const PortalsOut = Schema.Struct({ items: Schema.Array(PortalSummary) }).annotations({
  identifier: "Portals",
})

export const JobRef = Schema.Struct({ id: Schema.String, status: Schema.String })

export const ChosenPortalOut = Schema.Struct({ integration: IntegrationView, importJob: JobRef })
export const KeyUpdatedOut = Schema.Struct({ integration: IntegrationView, syncJob: JobRef })

export const AuditQuery = Schema.Struct({
  cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))),
})
export const AuditPageOut = Schema.Struct({
  items: Schema.Array(AuditEntry),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "AuditPage" })

export const ProjectPageOut = Schema.Struct({
  items: Schema.Array(CrmProject),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "ProjectPage" })

export { CrmProject }

export const JobOut = Job.annotations({ identifier: "Job" })

export const ProjectIdParam = Schema.Struct({
  id: Schema.String.pipe(
    Schema.pattern(/^([0-9a-f-]{36}|\d{1,19})$/i, { message: () => "must be a project id" }),
  ),
})
