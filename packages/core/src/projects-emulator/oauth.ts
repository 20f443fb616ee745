/**
 * The OAuth accounts server (projects-api.md §3.1): authorization codes, the token endpoint, revocation,
 * user info, and the control API's direct token issue.
 */
import { accountByEmail } from "./accounts.js"
import { authenticate } from "./auth.js"
import { decodeInput, type TokenInfo, TokenInput } from "./control-api.js"
import { invalidOAuthScope, invalidOAuthToken, invalidValue, mandatoryMissing, notFound } from "./errors.js"
import type { Account } from "./model.js"
import { hex } from "./prng.js"
import {
  ACCESS_TOKEN_TTL_S,
  ALL_SCOPES,
  type AuthorizationRequest,
  CODE_TTL_MS,
  type Credentials,
  type Namespace,
  type Query,
  splitScopes,
  type TokenAnswer,
} from "./state.js"
import { isUrl } from "./validation.js"
import type { Json } from "./views.js"

export function beginAuthorization(q: Query): AuthorizationRequest {
  const need = (f: string) => {
    const v = q[f]
    if (v === undefined || v === "") throw mandatoryMissing(f)
    return v
  }
  const clientId = need("client_id")
  if (need("response_type") !== "code") throw invalidValue("response_type", "response_type must be code")
  const redirectUri = need("redirect_uri")
  if (!isUrl(redirectUri)) throw invalidValue("redirect_uri", "redirect_uri must be an http(s) URL")
  const scopes = splitScopes(need("scope"))
  const req: AuthorizationRequest = { clientId, redirectUri, scopes, offline: q.access_type === "offline" }
  if (q.state !== undefined) req.state = q.state
  return req
}

export function approveAuthorization(ns: Namespace, req: AuthorizationRequest, email: string): string {
  const account = accountByEmail(ns, email)
  if (account === undefined) throw invalidValue("email", "No account with this email")
  const code = `1000.${hex(ns.state.prng, 32)}.${hex(ns.state.prng, 32)}`
  ns.state.codes.set(code, {
    code,
    zuid: account.zuid,
    scopes: req.scopes,
    redirectUri: req.redirectUri,
    clientId: req.clientId,
    offline: req.offline,
    expiresAt: ns.now() + CODE_TTL_MS,
  })
  return code
}

export function knownAccounts(ns: Namespace): Account[] {
  return [...ns.state.accounts.values()].slice(0, 200)
}

export function mintAccessToken(
  ns: Namespace,
  zuid: number,
  scopes: string[],
  ttlS = ACCESS_TOKEN_TTL_S,
  refreshToken?: string,
) {
  const token = `1000.${hex(ns.state.prng, 32)}.${hex(ns.state.prng, 32)}`
  ns.state.accessTokens.set(token, {
    token,
    zuid,
    scopes,
    expiresAt: ns.now() + ttlS * 1000,
    ...(refreshToken === undefined ? {} : { refreshToken }),
  })
  return token
}

/** Token endpoint: failures are HTTP 200 `{"error":…}` answers, as the real accounts server sends. */
export function token(ns: Namespace, params: Query, apiDomain: string): TokenAnswer {
  const clientId = params.client_id ?? ""
  const clientSecret = params.client_secret ?? ""
  if (clientId === "" || clientSecret === "") return { error: "invalid_client" }
  if (params.grant_type === "authorization_code") {
    const code = ns.state.codes.get(params.code ?? "")
    if (code === undefined || code.expiresAt <= ns.now()) return { error: "invalid_code" }
    if (code.clientId !== clientId) return { error: "invalid_client" }
    if (code.redirectUri !== params.redirect_uri) return { error: "invalid_code" }
    ns.state.codes.delete(code.code)
    let refresh: string | undefined
    if (code.offline) {
      refresh = `1000.${hex(ns.state.prng, 32)}.${hex(ns.state.prng, 32)}`
      ns.state.refreshTokens.set(refresh, {
        token: refresh,
        zuid: code.zuid,
        scopes: code.scopes,
        clientId,
      })
    }
    const access = mintAccessToken(ns, code.zuid, code.scopes, ACCESS_TOKEN_TTL_S, refresh)
    return {
      access_token: access,
      ...(refresh === undefined ? {} : { refresh_token: refresh }),
      scope: code.scopes.join(" "),
      api_domain: apiDomain,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_TTL_S,
    }
  }
  if (params.grant_type === "refresh_token") {
    const refresh = ns.state.refreshTokens.get(params.refresh_token ?? "")
    if (refresh === undefined) return { error: "invalid_code" }
    if (refresh.clientId !== clientId) return { error: "invalid_client" }
    const access = mintAccessToken(ns, refresh.zuid, refresh.scopes, ACCESS_TOKEN_TTL_S, refresh.token)
    return {
      access_token: access,
      scope: refresh.scopes.join(" "),
      api_domain: apiDomain,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_TTL_S,
    }
  }
  return { error: "unsupported_grant_type" }
}

export function revokeToken(ns: Namespace, token: string): void {
  if (ns.state.refreshTokens.delete(token)) {
    for (const [k, t] of ns.state.accessTokens) if (t.refreshToken === token) ns.state.accessTokens.delete(k)
    return
  }
  if (!ns.state.accessTokens.delete(token)) throw invalidValue("token", "Unknown token")
}

export function userInfo(ns: Namespace, creds: Credentials): Json {
  const caller = authenticate(ns, { authorization: creds.authorization ?? "" })
  if (caller.scopes !== undefined && !caller.scopes.has("AaaServer.profile.READ"))
    throw invalidOAuthScope("The access token lacks the scope AaaServer.profile.READ")
  const a = ns.state.accounts.get(caller.zuid)
  if (a === undefined) throw invalidOAuthToken("Unknown user")
  return {
    ZUID: a.zuid,
    Email: a.email,
    Display_Name: `${a.firstName} ${a.lastName}`.trim(),
    First_Name: a.firstName,
    Last_Name: a.lastName,
  }
}

/** Control API: an access token without the browser (all scopes, 3600 s unless told otherwise). */
export function issueToken(ns: Namespace, body: unknown, apiDomain: string): TokenInfo {
  const input = decodeInput(TokenInput)(body)
  const account = accountByEmail(ns, input.email)
  if (account === undefined) throw notFound("User")
  const scopes =
    input.scopes === undefined
      ? [...ALL_SCOPES]
      : typeof input.scopes === "string"
        ? splitScopes(input.scopes)
        : [...input.scopes]
  let refresh: string | undefined
  if (input.refresh === true) {
    refresh = `1000.${hex(ns.state.prng, 32)}.${hex(ns.state.prng, 32)}`
    ns.state.refreshTokens.set(refresh, { token: refresh, zuid: account.zuid, scopes, clientId: "mock" })
  }
  const expiresIn = input.expires_in ?? ACCESS_TOKEN_TTL_S
  return {
    access_token: mintAccessToken(ns, account.zuid, scopes, expiresIn, refresh),
    ...(refresh === undefined ? {} : { refresh_token: refresh, client_id: "mock" }),
    scope: scopes.join(" "),
    api_domain: apiDomain,
    token_type: "Bearer",
    expires_in: expiresIn,
  }
}
