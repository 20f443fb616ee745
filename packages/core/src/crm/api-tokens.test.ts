import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { makeTestOrganization } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { actingAs } from "./actor.js"
import { ApiTokens } from "./api-tokens.js"
import { CrmLive } from "./index.js"

describe("ApiTokens", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("acts with the creating user's rights and is refused once revoked", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const tokens = yield* ApiTokens
        const { actor } = yield* org.addUser()
        const { token, info } = yield* tokens.create("CI").pipe(actingAs(actor))
        expect(Redacted.value(token).startsWith("crm_")).toBe(true)
        expect(info.prefix).not.toContain(Redacted.value(token).slice(4, 10))
        const resolved = yield* tokens.resolve(token)
        expect(resolved).toMatchObject({ userId: actor.userId, isAdmin: false, via: "token" })
        yield* tokens.revoke(info.id).pipe(actingAs(actor))
        expect(yield* tokens.resolve(token).pipe(Effect.flip)).toMatchObject({ reason: "revoked" })
        const listed = yield* tokens.list().pipe(actingAs(actor))
        expect(listed.map((t) => [t.id, t.revokedAt !== null])).toEqual([[info.id, true]])
      }),
    )

    it.effect("lets no one revoke another user's token but an administrator", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const tokens = yield* ApiTokens
        const owner = yield* org.addUser()
        const other = yield* org.addUser()
        const { info } = yield* tokens.create("mine").pipe(actingAs(owner.actor))
        const refused = yield* tokens.revoke(info.id).pipe(actingAs(other.actor), Effect.flip)
        expect(refused._tag).toBe("ApiTokenNotFound")
        const revoked = yield* tokens.revoke(info.id).pipe(actingAs(org.adminActor))
        expect(revoked.revokedAt).not.toBeNull()
      }),
    )
  })
})
