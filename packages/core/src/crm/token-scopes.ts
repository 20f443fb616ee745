/**
 * What an API token may do. Scopes narrow the token's user's rights, never widen them: a token with
 * `projects:write` still needs the profile's Create box to create a project.
 */
import { Schema } from "effect"

export const TOKEN_SCOPES = [
  "projects:read",
  "projects:write",
  "records:read",
  "records:write",
  "integration:admin",
  "events:read",
] as const

export const TokenScope = Schema.Literal(...TOKEN_SCOPES)
export type TokenScope = typeof TokenScope.Type

/** Requests per minute a new token gets unless an administrator sets another limit. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600
export const MAX_RATE_LIMIT_PER_MINUTE = 100_000

const isScope = Schema.is(TokenScope)

/** Stored scopes, decoded: a value this version does not know is dropped rather than trusted. */
export const decodeScopes = (stored: ReadonlyArray<string>): ReadonlyArray<TokenScope> =>
  stored.filter(isScope)

/** 422: a token's creation input names what to fix. */
export class ApiTokenInvalid extends Schema.TaggedError<ApiTokenInvalid>()("ApiTokenInvalid", {
  field: Schema.String,
  reason: Schema.String,
}) {
  override get message() {
    return `${this.field}: ${this.reason}`
  }
}

/** 403: the token lacks the scope the request needs (its user may still have the right). */
export class TokenScopeMissing extends Schema.TaggedError<TokenScopeMissing>()("TokenScopeMissing", {
  scope: Schema.String,
}) {
  override get message() {
    return `this API token lacks the scope ${this.scope}`
  }
}
