/**
 * The actor an API token stands for, kept in process: most requests of an external system need no
 * database round trip to know who is calling. A revoked token, a deactivated user or a changed
 * profile drops the entry in every process (see the organization cache); the entry also expires well
 * within the minute at which a token's last use is stamped, so that stamp stays true.
 */
import { Effect, type Redacted } from "effect"
import { makeOrganizationCache } from "../persistence/organization-cache.js"
import { ApiTokens } from "./api-tokens.js"
import { digest } from "./credentials.js"

export class TokenActors extends Effect.Service<TokenActors>()("@app/core/crm/TokenActors", {
  effect: Effect.gen(function* () {
    const tokens = yield* ApiTokens
    const cache = yield* makeOrganizationCache<Effect.Effect.Success<ReturnType<ApiTokens["resolve"]>>>({
      ttl: "30 seconds",
    })

    /** `ApiTokens.resolve`, served from the cache when nothing of the token's organization changed. */
    const resolve = Effect.fn("TokenActors.resolve")(function* (token: Redacted.Redacted<string>) {
      return yield* cache.get(digest(token), tokens.resolve(token), (actor) => actor.organizationId)
    })

    /**
     * The actor of `token` if this process has it cached and nothing of its organization changed
     * since: no effect to run. A request outside any transaction only; undefined means `resolve`.
     */
    const peek = (token: Redacted.Redacted<string>, now: number) => cache.peek(digest(token), now)

    return { resolve, peek } as const
  }),
}) {}
