/** What every request carries through the middleware chain. */
import type { Actor } from "@app/core/crm"
import type { Redacted } from "effect"
import type { MeContributor } from "./http/me.js"
import type { ApiRuntime } from "./http/runtime.js"

export interface ApiVariables {
  readonly requestId: string
  readonly runtime: ApiRuntime
  /** Set by the auth middleware when credentials were presented and valid. */
  readonly actor: Actor | undefined
  /** The session cookie's token, when the actor came from it (sign-out, CSRF token in /me). */
  readonly sessionToken: Redacted.Redacted<string> | undefined
  /** Why presented credentials were refused, reported by routes that need an actor. */
  readonly authFailure: "missing" | "invalid" | "expired" | "revoked" | "inactive"
  readonly clientIp: string
  /** `userId:Idempotency-Key` of a write running under a key: core dedupes portal creates on it. */
  readonly idempotencyKey: string | undefined
  /** Set by `describe` on routes documented as public (sign-in, health, signed webhooks). */
  readonly publicRoute: boolean
  readonly meContributors: ReadonlyArray<MeContributor>
}

export interface ApiEnv {
  Variables: ApiVariables
}
