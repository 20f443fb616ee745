/** An error status of the Projects API as the typed failure callers act on. */
import { Effect, Option, Schema } from "effect"
import type { ProjectsCredentials } from "./credentials.js"
import {
  OAuthTokenRejected,
  type ProjectsError,
  ProjectsForbidden,
  ProjectsNotFound,
  ProjectsValidationFailed,
  ServiceKeyRejected,
} from "./errors.js"
import type { HttpRequest, HttpResponse } from "./http.js"
import { ErrorEnvelope } from "./model.js"

/** Maps an error status to the typed failure callers act on; an unexpected status is a defect. */
export const failureOf = (
  request: HttpRequest,
  response: HttpResponse,
  credentials: ProjectsCredentials,
): Effect.Effect<never, ProjectsError> => {
  const envelope = Schema.decodeUnknownOption(ErrorEnvelope)(response.body)
  const error = Option.map(envelope, (e) => e.error)
  const title = Option.flatMap(error, (e) => Option.fromNullable(e.title)).pipe(
    Option.getOrElse(() => "UNKNOWN"),
  )
  const details = Option.flatMap(error, (e) => Option.fromNullable(e.details)).pipe(
    Option.getOrElse(() => []),
  )
  const detail =
    details[0]?.message ??
    Option.flatMap(error, (e) => Option.fromNullable(e.message)).pipe(Option.getOrElse(() => title))
  const resource = `${request.method} ${request.path}`
  switch (response.status) {
    case 401:
      return credentials._tag === "ServiceKey"
        ? Effect.fail(new ServiceKeyRejected({ email: credentials.email, reason: detail }))
        : Effect.fail(new OAuthTokenRejected({ reason: title }))
    case 403:
      return Effect.fail(new ProjectsForbidden({ resource, detail }))
    case 404:
      return Effect.fail(new ProjectsNotFound({ resource }))
    case 400:
    case 409:
    case 422:
      return Effect.fail(
        new ProjectsValidationFailed({
          status: response.status,
          title,
          detail,
          fields: details.flatMap((d) =>
            d.field_name === undefined ? [] : [{ field: d.field_name, message: d.message ?? title }],
          ),
        }),
      )
    default:
      return Effect.dieMessage(`unexpected Projects status ${response.status} (${title}) for ${resource}`)
  }
}
