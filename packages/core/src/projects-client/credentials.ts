/** How a call authenticates to Projects: a service key + email (§3.3) or an OAuth access token (§3.1). */
import type { Effect, Redacted } from "effect"

export interface ServiceKeyCredentials {
  readonly _tag: "ServiceKey"
  readonly email: string
  readonly key: Redacted.Redacted<string>
}

export interface OAuthTokens {
  readonly accessToken: Redacted.Redacted<string>
  /** Epoch milliseconds. */
  readonly expiresAt: number
}

export interface OAuthCredentials {
  readonly _tag: "OAuth"
  readonly accessToken: Redacted.Redacted<string>
  /** Epoch milliseconds; unknown means "until the service says otherwise". */
  readonly expiresAt?: number
  /** Without it an expired token cannot be renewed and calls fail `OAuthTokenRejected`. */
  readonly refreshToken?: Redacted.Redacted<string>
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Called after each refresh, e.g. to store the new access token encrypted. */
  readonly onRefresh?: (tokens: OAuthTokens) => Effect.Effect<void>
}

export type ProjectsCredentials = ServiceKeyCredentials | OAuthCredentials

export const serviceKey = (email: string, key: Redacted.Redacted<string>): ServiceKeyCredentials => ({
  _tag: "ServiceKey",
  email,
  key,
})

export const oauth = (options: Omit<OAuthCredentials, "_tag">): OAuthCredentials => ({
  _tag: "OAuth",
  ...options,
})
