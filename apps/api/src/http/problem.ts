/**
 * Problem details (RFC 9457) for every refusal. Each core error tag maps to a status here: the
 * Record type makes an error without a status fail typecheck. Areas add their error union to
 * `CoreError` and their tags to `problemTable`.
 */
import type { ApiTokenInvalid, CrmError, TokenScopeMissing } from "@app/core/crm"
import type { ExternalError } from "@app/core/external"
import type { IntegrationError } from "@app/core/integration"
import type { InvalidJobCursor, JobAlreadyFinished, JobNotFound } from "@app/core/jobs"
import type { InvalidOutboxCursor, MailDeliveryFailed } from "@app/core/mail"
import type { DatabaseError } from "@app/core/persistence"
import type { ProjectsError } from "@app/core/projects-client"
import type { SecretUndecryptable } from "@app/core/secrets"
import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"

export type PlatformError =
  | ProjectsError
  | JobNotFound
  | JobAlreadyFinished
  | InvalidJobCursor
  | InvalidOutboxCursor
  | MailDeliveryFailed
  | SecretUndecryptable

export type CoreError =
  | CrmError
  | IntegrationError
  | PlatformError
  | ExternalError
  | ApiTokenInvalid
  | TokenScopeMissing
  | DatabaseError

/** Values a client fills into its own wording of a problem or field error. */
export type ProblemParams = Readonly<Record<string, string | number | boolean>>

export interface FieldError {
  readonly field: string
  /** In English, for API users; consoles translate `code` with `params`. */
  readonly message: string
  readonly code?: string
  readonly params?: ProblemParams
}

export interface ProblemSpec {
  readonly status: ContentfulStatusCode
  readonly title: string
  /** For errors about one input: the field to name in `errors`. */
  readonly field?: string
  /** 5xx: logged with its cause; the response says nothing more than the title. */
  readonly internal?: true
}

export const problemTable: { readonly [Tag in CoreError["_tag"]]: ProblemSpec } = {
  InvalidCredentials: { status: 401, title: "Sign-in refused" },
  SignInThrottled: { status: 429, title: "Too many failed sign-ins" },
  OrganizationRequired: { status: 422, title: "Organization required", field: "organizationId" },
  Unauthenticated: { status: 401, title: "Not signed in" },
  CsrfTokenInvalid: { status: 403, title: "CSRF token missing or wrong", field: "X-CSRF-Token" },
  NotAdministrator: { status: 403, title: "Administrators only" },
  OrganizationNotFound: { status: 404, title: "Organization not found" },
  UserNotFound: { status: 404, title: "User not found" },
  EmailTaken: { status: 409, title: "Email already used", field: "email" },
  LastAdministrator: { status: 409, title: "Last administrator" },
  ProfileNotFound: { status: 422, title: "Unknown profile", field: "profileId" },
  ProfileNameTaken: { status: 409, title: "Profile name already used", field: "name" },
  ApiTokenNotFound: { status: 404, title: "API token not found" },
  FieldDefinitionInvalid: { status: 422, title: "Invalid field definition" },
  RecordNotFound: { status: 404, title: "Record not found" },
  RecordInvalid: { status: 422, title: "Invalid record" },
  RecordConflict: { status: 409, title: "Duplicate value" },
  CursorInvalid: { status: 400, title: "Invalid cursor", field: "cursor" },
  DatabaseError: { status: 500, title: "Internal error", internal: true },
  // The integration (SPEC §4)
  IntegrationStateConflict: { status: 409, title: "Integration not in the right state" },
  TrialExpired: { status: 402, title: "Trial expired" },
  IntegrationKeyInvalid: { status: 409, title: "Service key invalid" },
  CredentialRejected: { status: 422, title: "Credential refused by Projects" },
  PortalNotAvailable: { status: 422, title: "Portal not available", field: "portalId" },
  ProjectsUnreachable: { status: 503, title: "Projects unreachable" },
  ProjectPermissionDenied: { status: 403, title: "Not allowed by your profile" },
  CrmProjectNotFound: { status: 404, title: "Project not found" },
  WebhookRejected: { status: 401, title: "Webhook delivery refused" },
  WebhookPayloadInvalid: { status: 400, title: "Invalid webhook payload", field: "body" },
  FieldMappingInvalid: { status: 422, title: "Field mapping refused" },
  PermissionsInvalid: { status: 422, title: "Permissions refused" },
  ProjectInputInvalid: { status: 422, title: "Invalid project" },
  TransferRunNotFound: { status: 404, title: "Transfer run not found" },
  AutomaticMappingUnavailable: { status: 409, title: "Automatic client mapping not available" },
  AccountAlreadyMapped: { status: 409, title: "Account already mapped", field: "accountId" },
  ClientNotFound: { status: 404, title: "Client not found" },
  SyncRunNotFound: { status: 404, title: "Sync run not found" },
  SyncRunNotUndoable: { status: 409, title: "Sync run cannot be undone" },
  // Platform: the Projects API client, jobs, mail, secrets
  ServiceKeyRejected: { status: 422, title: "Service key refused by Projects", field: "key" },
  OAuthTokenRejected: { status: 422, title: "Projects connection refused", field: "oauth" },
  ProjectsValidationFailed: { status: 422, title: "Refused by Projects" },
  ProjectsNotFound: { status: 404, title: "Not found in Projects" },
  ProjectsForbidden: { status: 403, title: "Forbidden by Projects" },
  ProjectsUnavailable: { status: 503, title: "Projects unavailable" },
  JobNotFound: { status: 404, title: "Job not found" },
  JobAlreadyFinished: { status: 409, title: "Job already finished" },
  InvalidJobCursor: { status: 400, title: "Invalid cursor", field: "cursor" },
  InvalidOutboxCursor: { status: 400, title: "Invalid cursor", field: "cursor" },
  MailDeliveryFailed: { status: 502, title: "Mail delivery failed", internal: true },
  SecretUndecryptable: { status: 500, title: "Internal error", internal: true },
  // External systems: tokens, idempotency keys, outbound events
  ApiTokenInvalid: { status: 422, title: "Invalid API token" },
  TokenScopeMissing: { status: 403, title: "Token scope missing" },
  TokenRateLimited: { status: 429, title: "Rate limit exceeded" },
  IdempotencyKeyInUse: {
    status: 409,
    title: "Request with this key still running",
    field: "Idempotency-Key",
  },
  IdempotencyKeyReused: { status: 422, title: "Idempotency key reused", field: "Idempotency-Key" },
  IdempotencyKeyInvalid: { status: 422, title: "Invalid idempotency key", field: "Idempotency-Key" },
  EventEndpointNotFound: { status: 404, title: "Event endpoint not found" },
  EventDeliveryNotFound: { status: 404, title: "Event delivery not found" },
  EventEndpointInvalid: { status: 422, title: "Invalid event endpoint" },
}

export interface ProblemBody {
  readonly type: string
  /** Stable name of the kind of problem (a core error's tag): what clients translate. */
  readonly code: string
  readonly title: string
  readonly status: number
  /** In English, for API users. */
  readonly detail?: string
  /** The problem's data, for a client's own wording of it (never a secret). */
  readonly params?: ProblemParams
  readonly instance?: string
  readonly errors: ReadonlyArray<FieldError>
  readonly retryAfter?: number
}

// A URI reference per kind of problem; the docs page documents them.
const typeUri = (code: string) =>
  `/api/docs#problem-${code
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")}`

/** Writes a problem+json response. */
export const problem = (
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  options: {
    readonly detail?: string
    readonly errors?: ReadonlyArray<FieldError>
    readonly code?: string
    readonly params?: ProblemParams
    /** Seconds, also sent as the Retry-After header. */
    readonly retryAfter?: number
  } = {},
) => {
  if (options.retryAfter !== undefined) c.header("Retry-After", String(options.retryAfter))
  const code =
    options.code ?? title.replace(/(^|\s+)(\w)/g, (_, _space, letter: string) => letter.toUpperCase())
  const body: ProblemBody = {
    type: typeUri(code),
    code,
    title,
    status,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.params && Object.keys(options.params).length > 0 ? { params: options.params } : {}),
    instance: c.req.path,
    errors: options.errors ?? [],
    ...(options.retryAfter !== undefined ? { retryAfter: options.retryAfter } : {}),
  }
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" })
}

// Error fields that are free English text or could hold a credential stay out of `params`.
const unsharedParam =
  /^(_tag|message|detail|reason|cause|stack|key|token|secret|password|.*(Key|Token|Secret|Password))$/

/** The scalar fields of an error, for clients to word it in their language. */
export const problemParams = (error: object): ProblemParams =>
  Object.fromEntries(
    Object.entries(error).filter(
      ([name, value]) =>
        !unsharedParam.test(name) &&
        (typeof value === "string" || typeof value === "number" || typeof value === "boolean"),
    ),
  )

/** A field error as sent: its code and data when the error gave them. */
const fieldErrorOf = (entry: {
  readonly field: string
  readonly message?: string
  readonly reason?: string
  readonly code?: string
  readonly params?: ProblemParams
}): FieldError => ({
  field: entry.field,
  message: entry.message ?? entry.reason ?? "",
  ...(entry.code ? { code: entry.code } : {}),
  ...(entry.params ? { params: entry.params } : {}),
})

/** The problem for a core failure; `errors` from the error itself or its one named field. */
export const coreProblem = (c: Context, error: CoreError) => {
  const spec: ProblemSpec = problemTable[error._tag]
  if (error._tag === "InvalidCredentials" || error._tag === "Unauthenticated") {
    c.header("WWW-Authenticate", 'Bearer realm="api"')
  }
  if (error._tag === "ProjectsUnavailable" && error.retryAfterSeconds !== undefined) {
    c.header("Retry-After", String(error.retryAfterSeconds))
  }
  // Errors name their field as data (`errors`, `fields` from Projects, or one `field`), else the table does.
  const field = "field" in error && typeof error.field === "string" ? error.field : spec.field
  const errors: ReadonlyArray<FieldError> =
    "errors" in error
      ? error.errors.map(fieldErrorOf)
      : "fields" in error
        ? error.fields.map(fieldErrorOf)
        : field
          ? [{ field, message: error.message, code: error._tag }]
          : []
  return problem(c, spec.status, spec.title, {
    ...(spec.internal ? {} : { detail: error.message }),
    errors,
    code: error._tag,
    ...(spec.internal ? {} : { params: problemParams(error) }),
    ...(error._tag === "SignInThrottled" || error._tag === "TokenRateLimited"
      ? { retryAfter: error.retryAfterSeconds }
      : {}),
  })
}
