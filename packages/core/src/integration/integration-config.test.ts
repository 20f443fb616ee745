import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect } from "effect"
import { IntegrationConfig } from "./integration-config.js"

const load = (env: Record<string, string>) =>
  Effect.flatMap(IntegrationConfig, (config) => Effect.succeed(config)).pipe(
    Effect.provide(IntegrationConfig.Default),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))),
  )

describe("OAuth callback address", () => {
  it.effect("returns to the origin the admin started from when PUBLIC_URL is not set", () =>
    Effect.gen(function* () {
      const config = yield* load({ PORT: "3000" })
      expect(config.oauthRedirectUriFor("http://localhost:3000")).toBe(
        "http://localhost:3000/api/v1/integration/oauth/callback",
      )
      expect(config.oauthRedirectUriFor("http://127.0.0.1:3000")).toBe(
        "http://127.0.0.1:3000/api/v1/integration/oauth/callback",
      )
    }),
  )

  it.effect("always returns to PUBLIC_URL when the deployment sets it", () =>
    Effect.gen(function* () {
      const config = yield* load({ PUBLIC_URL: "https://crm.example.com/" })
      expect(config.oauthRedirectUriFor("http://evil.example:3000")).toBe(
        "https://crm.example.com/api/v1/integration/oauth/callback",
      )
    }),
  )

  it.effect("keeps only the origin of what the request says, and refuses other schemes", () =>
    Effect.gen(function* () {
      const config = yield* load({ PORT: "3000" })
      const fallback = "http://127.0.0.1:3000/api/v1/integration/oauth/callback"
      expect(config.oauthRedirectUriFor("http://localhost:3000/a/path?x=1")).toBe(
        "http://localhost:3000/api/v1/integration/oauth/callback",
      )
      expect(config.oauthRedirectUriFor("javascript:alert(1)")).toBe(fallback)
      expect(config.oauthRedirectUriFor("http://user:pw@localhost:3000")).toBe(fallback)
      expect(config.oauthRedirectUriFor("not a url")).toBe(fallback)
      expect(config.oauthRedirectUriFor(undefined)).toBe(fallback)
    }),
  )
})
