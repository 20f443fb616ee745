/** The OAuth 2.0 side of Projects (its accounts server): consent URL, code and refresh grants, revoke, user info. */
import { Clock, Effect, Option, Redacted, Schema } from "effect"
import type { ProjectsClientSettings } from "./config.js"
import { OAuthTokenRejected } from "./errors.js"
import { errorTitle, type HttpRequest, type Send } from "./http.js"
import { OAuthErrorResponse, OAuthTokenResponse, OAuthUserInfo } from "./model.js"
import type { AuthorizationUrlOptions, OAuthGrant } from "./options.js"
import { decodeBody, splitScopes } from "./wire.js"

export const makeOAuth = (settings: ProjectsClientSettings, send: Send) => {
  const authorizationUrl = (options: AuthorizationUrlOptions): string => {
    const url = new URL("/oauth/v2/auth", `${settings.accountsUrl}/`)
    url.searchParams.set("client_id", options.clientId)
    url.searchParams.set("response_type", "code")
    url.searchParams.set("redirect_uri", options.redirectUri)
    url.searchParams.set("scope", options.scopes.join(","))
    url.searchParams.set("access_type", "offline")
    url.searchParams.set("prompt", "consent")
    url.searchParams.set("state", options.state)
    if (options.loginHint !== undefined) url.searchParams.set("login_hint", options.loginHint)
    return url.toString()
  }

  const tokenRequest = (form: Record<string, string>) =>
    Effect.gen(function* () {
      const request: HttpRequest = {
        method: "POST",
        origin: settings.accountsUrl,
        path: "/oauth/v2/token",
        form,
      }
      const response = yield* send(request)
      const refused = Schema.decodeUnknownOption(OAuthErrorResponse)(response.body)
      if (Option.isSome(refused)) return yield* new OAuthTokenRejected({ reason: refused.value.error })
      if (response.status !== 200)
        return yield* new OAuthTokenRejected({ reason: `status ${response.status}` })
      const tokens = yield* decodeBody(OAuthTokenResponse, request, response.body)
      const now = yield* Clock.currentTimeMillis
      return {
        accessToken: tokens.access_token,
        refreshToken: Option.fromNullable(tokens.refresh_token),
        expiresAt: now + (tokens.expires_in ?? 3600) * 1000,
        scopes: splitScopes(tokens.scope),
      } satisfies OAuthGrant
    })

  const exchangeCode = Effect.fn("ProjectsClient.exchangeCode")(function* (options: {
    readonly clientId: string
    readonly clientSecret: Redacted.Redacted<string>
    readonly code: string
    readonly redirectUri: string
  }) {
    return yield* tokenRequest({
      grant_type: "authorization_code",
      client_id: options.clientId,
      client_secret: Redacted.value(options.clientSecret),
      code: options.code,
      redirect_uri: options.redirectUri,
    })
  })

  const refreshAccessToken = Effect.fn("ProjectsClient.refreshAccessToken")(function* (options: {
    readonly clientId: string
    readonly clientSecret: Redacted.Redacted<string>
    readonly refreshToken: Redacted.Redacted<string>
  }) {
    return yield* tokenRequest({
      grant_type: "refresh_token",
      client_id: options.clientId,
      client_secret: Redacted.value(options.clientSecret),
      refresh_token: Redacted.value(options.refreshToken),
    })
  })

  /** Revokes a refresh token (and its access tokens) or an access token. */
  const revokeToken = Effect.fn("ProjectsClient.revokeToken")(function* (token: Redacted.Redacted<string>) {
    const response = yield* send({
      method: "POST",
      origin: settings.accountsUrl,
      path: "/oauth/v2/token/revoke",
      query: { token: Redacted.value(token) },
    })
    if (response.status !== 200) return yield* new OAuthTokenRejected({ reason: "revoke refused" })
  })

  const userInfo = Effect.fn("ProjectsClient.userInfo")(function* (accessToken: Redacted.Redacted<string>) {
    const request: HttpRequest = {
      method: "GET",
      origin: settings.accountsUrl,
      path: "/oauth/user/info",
      headers: { authorization: `Zoho-oauthtoken ${Redacted.value(accessToken)}` },
    }
    const response = yield* send(request)
    if (response.status === 401)
      return yield* new OAuthTokenRejected({ reason: errorTitle(response.body) ?? "401" })
    const refused = Schema.decodeUnknownOption(OAuthErrorResponse)(response.body)
    if (Option.isSome(refused)) return yield* new OAuthTokenRejected({ reason: refused.value.error })
    return yield* decodeBody(OAuthUserInfo, request, response.body)
  })

  return { authorizationUrl, exchangeCode, refreshAccessToken, revokeToken, userInfo } as const
}

export type OAuth = ReturnType<typeof makeOAuth>
