/**
 * One connection's transport: the credentials on every request (a service key's headers, or an OAuth
 * access token refreshed in place and shared by the connection's calls), error statuses as typed
 * failures, and bodies decoded through the wire Schemas.
 */
import { Clock, Duration, Effect, Redacted, type Schema, SynchronizedRef } from "effect"
import type { ProjectsClientSettings } from "./config.js"
import type { OAuthCredentials, OAuthTokens, ProjectsCredentials } from "./credentials.js"
import { OAuthTokenRejected, type ProjectsError, ServiceKeyRejected } from "./errors.js"
import { failureOf } from "./failure.js"
import { errorTitle, type HttpMethod, type HttpRequest, type HttpResponse, type Send } from "./http.js"
import type { OAuth } from "./oauth.js"
import type { PageOptions } from "./options.js"
import { decodeBody, HEADER_SAFE, MAX_PER_PAGE } from "./wire.js"

export const makeConnection = (
  settings: ProjectsClientSettings,
  send: Send,
  accounts: OAuth,
  credentials: ProjectsCredentials,
) =>
  Effect.gen(function* () {
    const tokens = yield* SynchronizedRef.make<OAuthTokens | undefined>(
      credentials._tag === "OAuth"
        ? {
            accessToken: credentials.accessToken,
            expiresAt: credentials.expiresAt ?? Number.POSITIVE_INFINITY,
          }
        : undefined,
    )

    /** Refreshes unless another call already replaced `stale`. */
    const refresh = (oauth: OAuthCredentials, stale: Redacted.Redacted<string>) =>
      SynchronizedRef.updateAndGetEffect(tokens, (current) => {
        if (current !== undefined && Redacted.value(current.accessToken) !== Redacted.value(stale)) {
          return Effect.succeed(current)
        }
        if (oauth.refreshToken === undefined) {
          return Effect.fail(new OAuthTokenRejected({ reason: "access token expired and no refresh token" }))
        }
        return accounts
          .refreshAccessToken({
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            refreshToken: oauth.refreshToken,
          })
          .pipe(
            Effect.map((grant) => ({ accessToken: grant.accessToken, expiresAt: grant.expiresAt })),
            Effect.tap((fresh) => oauth.onRefresh?.(fresh) ?? Effect.void),
          )
      }).pipe(Effect.map((state) => state?.accessToken ?? stale))

    const currentAccessToken = (oauth: OAuthCredentials) =>
      Effect.gen(function* () {
        const state = yield* SynchronizedRef.get(tokens)
        const token = state?.accessToken ?? oauth.accessToken
        const now = yield* Clock.currentTimeMillis
        const expiresAt = state?.expiresAt ?? Number.POSITIVE_INFINITY
        if (oauth.refreshToken !== undefined && now >= expiresAt - Duration.toMillis(settings.refreshSkew)) {
          return yield* refresh(oauth, token)
        }
        return token
      })

    /** One authenticated exchange: the response, or the typed failure of an error status. */
    const exchange = (
      method: HttpMethod,
      path: string,
      options: {
        readonly query?: HttpRequest["query"]
        readonly json?: unknown
        readonly rawSuccess?: boolean
      } = {},
    ): Effect.Effect<{ request: HttpRequest; response: HttpResponse }, ProjectsError> =>
      Effect.gen(function* () {
        const base = { method, origin: settings.apiUrl, path, ...options }
        let request: HttpRequest
        let response: HttpResponse
        if (credentials._tag === "ServiceKey") {
          // A header carries bytes only: a key outside printable ASCII can never be valid, and
          // fetch would throw on it like a network fault (retried, then "unavailable").
          if (!HEADER_SAFE.test(Redacted.value(credentials.key)) || !HEADER_SAFE.test(credentials.email)) {
            return yield* new ServiceKeyRejected({
              email: credentials.email,
              reason: "the service key or email contains characters a service key never has",
            })
          }
          request = {
            ...base,
            headers: { "x-zsc-key": Redacted.value(credentials.key), "x-zsc-email": credentials.email },
          }
          response = yield* send(request)
        } else {
          const token = yield* currentAccessToken(credentials)
          request = { ...base, headers: { authorization: `Zoho-oauthtoken ${Redacted.value(token)}` } }
          response = yield* send(request)
          if (
            response.status === 401 &&
            errorTitle(response.body) === "INVALID_OAUTHTOKEN" &&
            credentials.refreshToken !== undefined
          ) {
            const fresh = yield* refresh(credentials, token)
            request = { ...base, headers: { authorization: `Zoho-oauthtoken ${Redacted.value(fresh)}` } }
            response = yield* send(request)
          }
        }
        if (response.status >= 200 && response.status < 300) return { request, response }
        return yield* failureOf(request, response, credentials)
      })

    const call = <A, I>(
      method: HttpMethod,
      path: string,
      schema: Schema.Schema<A, I>,
      options: { readonly query?: HttpRequest["query"]; readonly json?: unknown } = {},
    ): Effect.Effect<A, ProjectsError> =>
      Effect.flatMap(exchange(method, path, options), ({ request, response }) =>
        decodeBody(schema, request, response.status === 204 ? null : response.body),
      )

    const pageQuery = (options: PageOptions | undefined) => ({
      page: options?.page ?? 1,
      per_page: Math.min(options?.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE),
    })

    return { exchange, call, pageQuery } as const
  })

export type Connection = Effect.Effect.Success<ReturnType<typeof makeConnection>>
