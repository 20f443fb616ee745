/**
 * The failures the emulated Projects service answers with (projects-api.md §6). Each carries the HTTP
 * status, the V3 `error.title` and `error_type`, and the field it is about, so the HTTP edge renders the
 * envelope without deciding anything.
 */
import { Schema } from "effect"

export class ProjectsApiError extends Schema.TaggedError<ProjectsApiError>()("ProjectsApiError", {
  status: Schema.Number,
  title: Schema.String,
  errorType: Schema.String,
  detail: Schema.String,
  field: Schema.optional(Schema.String),
  retryAfter: Schema.optional(Schema.Number),
}) {
  override get message(): string {
    return `${this.title}: ${this.detail}`
  }
}

const validation = (title: string) => (field: string, detail: string) =>
  new ProjectsApiError({ status: 400, title, errorType: "FIELDS_VALIDATION_ERROR", detail, field })

export const mandatoryMissing = (field: string) =>
  validation("MANDATORY_FIELD_MISSING")(field, `${field} is required`)
export const invalidValue = (field: string, detail?: string) =>
  validation("INVALID_VALUE")(field, detail ?? `${field} has an invalid value`)
export const invalidBody = (detail: string) =>
  new ProjectsApiError({
    status: 400,
    title: "INVALID_REQUEST_BODY",
    errorType: "FIELDS_VALIDATION_ERROR",
    detail,
  })
export const urlRuleNotConfigured = () =>
  new ProjectsApiError({
    status: 400,
    title: "URL_RULE_NOT_CONFIGURED",
    errorType: "FIELDS_VALIDATION_ERROR",
    detail: "The requested URL is not configured",
  })

const operational = (status: number, title: string) => (detail: string, field?: string) =>
  new ProjectsApiError({ status, title, errorType: "OPERATIONAL_VALIDATION_ERROR", detail, field })

export const notFound = (what: string) => operational(404, "RESOURCE_NOT_FOUND")(`${what} not found`)
export const forbidden = (detail = "You do not have permission to perform this operation") =>
  operational(403, "FORBIDDEN")(detail)
export const alreadyExists = (field: string, detail: string) =>
  operational(409, "ALREADY_EXISTS")(detail, field)
export const resourceInUse = (detail: string) => operational(409, "RESOURCE_IN_USE")(detail)

const authentication = (title: string) => (detail: string) =>
  new ProjectsApiError({ status: 401, title, errorType: "AUTHENTICATION_ERROR", detail })
export const invalidOAuthToken = authentication("INVALID_OAUTHTOKEN")
export const invalidOAuthScope = authentication("INVALID_OAUTHSCOPE")
export const invalidKey = authentication("INVALID_KEY")

export const throttled = (retryAfter: number) =>
  new ProjectsApiError({
    status: 429,
    title: "URL_ROLLING_THROTTLES_LIMIT_EXCEEDED",
    errorType: "THROTTLE_ERROR",
    detail: `Too many requests. Try again after ${retryAfter} seconds`,
    retryAfter,
  })
export const methodNotAllowed = () =>
  new ProjectsApiError({
    status: 405,
    title: "METHOD_NOT_ALLOWED",
    errorType: "METHOD_NOT_ALLOWED",
    detail: "The method is not allowed on this URL",
  })
export const internalError = () =>
  new ProjectsApiError({
    status: 500,
    title: "INTERNAL_ERROR",
    errorType: "INTERNAL_ERROR",
    detail: "Internal error",
  })
