import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { makeTestOrganization, TEST_PASSWORD } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { actingAs } from "./actor.js"
import { CrmLive } from "./index.js"
import { Sessions } from "./sessions.js"
import { signIn, whoAmI } from "./sign-in.js"

describe("signIn", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("signs in with the password and says who signed in, with their profile", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const signedIn = yield* signIn(
          { email: org.admin.email, password: TEST_PASSWORD, ip: "3.3.3.1" },
          undefined,
        )
        expect(signedIn.user.id).toBe(org.admin.id)
        expect(signedIn.profile).toMatchObject({ id: org.profiles.administrator, isAdmin: true })
      }),
    )

    it.effect("ends the browser's previous session when signing in again", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const input = { email: org.admin.email, password: TEST_PASSWORD, ip: "3.3.3.2" }
        const first = yield* signIn(input, undefined)
        const second = yield* signIn(input, first.sessionToken)
        const ended = yield* sessions.resolve(first.sessionToken).pipe(Effect.flip)
        expect(ended).toMatchObject({ _tag: "Unauthenticated", reason: "invalid" })
        expect((yield* sessions.resolve(second.sessionToken)).actor.userId).toBe(org.admin.id)
      }),
    )

    it.effect("tells the signed-in user their user, profile and organization", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization({ edition: "free" })
        const me = yield* whoAmI().pipe(actingAs(org.adminActor))
        expect(me.user.email).toBe(org.admin.email)
        expect(me.profile.id).toBe(org.profiles.administrator)
        expect(me.organization).toMatchObject({ id: org.organization.id, edition: "free" })
      }),
    )
  })
})
