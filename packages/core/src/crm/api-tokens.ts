/**
 * API tokens for external systems: created by a user, acting with that user's current rights,
 * stored as SHA-256 digests (the token is shown once, at creation), revoked rather than deleted.
 */
import { and, desc, eq, isNull, or, sql } from "drizzle-orm"
import { Clock, Effect, Option, type Redacted, Schema } from "effect"
import { Database } from "../persistence/index.js"
import { crmApiTokens } from "../persistence/tables/index.js"
import { type Actor, CurrentActor, requireAdmin } from "./actor.js"
import { loadActor } from "./actors.js"
import { digest, newSecret } from "./credentials.js"
import { ApiTokenNotFound, Unauthenticated } from "./errors.js"
import { ApiTokenId, UserId } from "./model.js"
import { ApiTokenInvalid, decodeScopes, TOKEN_SCOPES, TokenScope } from "./token-scopes.js"

export const TOKEN_PREFIX = "crm_"

export const ApiToken = Schema.Struct({
  id: ApiTokenId,
  userId: UserId,
  name: Schema.String,
  /** A hint derived from the token's digest, to tell tokens apart; never enough to use it. */
  prefix: Schema.String,
  createdAt: Schema.DateFromSelf,
  lastUsedAt: Schema.NullOr(Schema.DateFromSelf),
  revokedAt: Schema.NullOr(Schema.DateFromSelf),
  scopes: Schema.Array(TokenScope),
  expiresAt: Schema.NullOr(Schema.DateFromSelf),
  rateLimitPerMinute: Schema.Number,
})
export type ApiToken = typeof ApiToken.Type

const toApiToken = (row: typeof crmApiTokens.$inferSelect): ApiToken => ({
  id: ApiTokenId.make(row.id),
  userId: UserId.make(row.userId),
  name: row.name,
  prefix: row.prefix,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  revokedAt: row.revokedAt,
  scopes: decodeScopes(row.scopes),
  expiresAt: row.expiresAt,
  rateLimitPerMinute: row.rateLimitPerMinute,
})

export interface NewApiToken {
  /** Default: every scope (what tokens could do before scopes existed). */
  readonly scopes?: ReadonlyArray<TokenScope>
  readonly expiresAt?: Date | null
}

// last_used_at is informative: refreshing it once a minute spares a write per request.
const LAST_USED_RESOLUTION_MS = 60_000

export class ApiTokens extends Effect.Service<ApiTokens>()("@app/core/crm/ApiTokens", {
  effect: Effect.gen(function* () {
    const database = yield* Database

    const create = Effect.fn("ApiTokens.create")(function* (name: string, input: NewApiToken = {}) {
      const actor = yield* CurrentActor
      const now = yield* Clock.currentTimeMillis
      if (input.expiresAt != null && input.expiresAt.getTime() <= now)
        return yield* new ApiTokenInvalid({ field: "expiresAt", reason: "must be in the future" })
      const scopes = [...new Set(input.scopes ?? actor.token?.scopes ?? TOKEN_SCOPES)]
      // A token may make tokens, never one that can do more than itself.
      const wider = scopes.filter((scope) => actor.token !== undefined && !actor.token.scopes.includes(scope))
      if (wider.length > 0)
        return yield* new ApiTokenInvalid({
          field: "scopes",
          reason: `the token making this one lacks ${wider.join(", ")}`,
        })
      const token = yield* newSecret(TOKEN_PREFIX)
      const [row] = yield* database.use((db) =>
        db
          .insert(crmApiTokens)
          .values({
            organizationId: actor.organizationId,
            userId: actor.userId,
            name: name.trim(),
            prefix: digestPrefix(token),
            tokenHash: digest(token),
            scopes,
            expiresAt: input.expiresAt ?? null,
          })
          .returning(),
      )
      if (!row) return yield* Effect.die("insert returned no token")
      return { token, info: toApiToken(row) } as const
    })

    /** The actor's own tokens, newest first; administrators may ask for the organization's. */
    const list = Effect.fn("ApiTokens.list")(function* (options: { organization?: boolean } = {}) {
      const actor = yield* CurrentActor
      if (options.organization) yield* requireAdmin("list the organization's API tokens")
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(crmApiTokens)
          .where(
            and(
              eq(crmApiTokens.organizationId, actor.organizationId),
              options.organization ? undefined : eq(crmApiTokens.userId, actor.userId),
            ),
          )
          .orderBy(desc(crmApiTokens.createdAt), desc(crmApiTokens.id)),
      )
      return rows.map(toApiToken)
    })

    /** Revokes one of the actor's tokens; administrators may revoke any token of their organization. */
    const revoke = Effect.fn("ApiTokens.revoke")(function* (id: ApiTokenId) {
      const actor = yield* CurrentActor
      const at = new Date(yield* Clock.currentTimeMillis)
      const [row] = yield* database.use((db) =>
        db
          .update(crmApiTokens)
          .set({ revokedAt: sql`coalesce(${crmApiTokens.revokedAt}, ${at.toISOString()}::timestamptz)` })
          .where(
            and(
              eq(crmApiTokens.id, id),
              eq(crmApiTokens.organizationId, actor.organizationId),
              actor.isAdmin ? undefined : eq(crmApiTokens.userId, actor.userId),
            ),
          )
          .returning(),
      )
      if (!row) return yield* new ApiTokenNotFound({ tokenId: id })
      return toApiToken(row)
    })

    /** Administrators set how many requests per minute a token of their organization may make. */
    const setRateLimit = Effect.fn("ApiTokens.setRateLimit")(function* (id: ApiTokenId, perMinute: number) {
      const actor = yield* requireAdmin("change an API token's rate limit")
      const [row] = yield* database.use((db) =>
        db
          .update(crmApiTokens)
          .set({ rateLimitPerMinute: perMinute })
          .where(and(eq(crmApiTokens.id, id), eq(crmApiTokens.organizationId, actor.organizationId)))
          .returning(),
      )
      if (!row) return yield* new ApiTokenNotFound({ tokenId: id })
      return toApiToken(row)
    })

    const resolve = Effect.fn("ApiTokens.resolve")(function* (token: Redacted.Redacted<string>) {
      const at = yield* Clock.currentTimeMillis
      const [row] = yield* database.use((db) =>
        db
          .select()
          .from(crmApiTokens)
          .where(eq(crmApiTokens.tokenHash, digest(token))),
      )
      if (!row) return yield* new Unauthenticated({ reason: "invalid" })
      if (row.revokedAt !== null) return yield* new Unauthenticated({ reason: "revoked" })
      if (row.expiresAt !== null && row.expiresAt.getTime() <= at)
        return yield* new Unauthenticated({ reason: "expired" })
      const loaded = yield* loadActor(row.userId, "token").pipe(Effect.provideService(Database, database))
      if (Option.isNone(loaded)) return yield* new Unauthenticated({ reason: "inactive" })
      const actor: Actor = {
        ...loaded.value,
        token: {
          id: row.id,
          scopes: decodeScopes(row.scopes),
          rateLimitPerMinute: row.rateLimitPerMinute,
          expiresAt: row.expiresAt,
        },
      }
      const stale = new Date(at - LAST_USED_RESOLUTION_MS)
      // Most requests find the stamp fresh: no write at all on the hot path.
      if (row.lastUsedAt !== null && row.lastUsedAt >= stale) return actor
      yield* database.use((db) =>
        db
          .update(crmApiTokens)
          .set({ lastUsedAt: new Date(at) })
          .where(
            and(
              eq(crmApiTokens.id, row.id),
              or(isNull(crmApiTokens.lastUsedAt), sql`${crmApiTokens.lastUsedAt} < ${stale.toISOString()}`),
            ),
          ),
      )
      return actor
    })

    return { create, list, revoke, resolve, setRateLimit } as const
  }),
}) {}

const digestPrefix = (token: Redacted.Redacted<string>) => {
  const value = digest(token)
  return `${TOKEN_PREFIX}…${value.slice(0, 6)}`
}
