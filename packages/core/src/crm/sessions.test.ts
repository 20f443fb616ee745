import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted, TestClock } from "effect"
import { makeTestOrganization, TEST_PASSWORD } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { actingAs } from "./actor.js"
import { ApiTokens } from "./api-tokens.js"
import { CrmLive } from "./index.js"
import {
  SESSION_IDLE_MS,
  Sessions,
  THROTTLE_MAX_FAILURES,
  THROTTLE_MAX_FAILURES_PER_IP,
  THROTTLE_WINDOW_MS,
} from "./sessions.js"
import { Users } from "./users.js"

const wrong = Redacted.make("not the password")

const reasonOf = (error: { readonly _tag: string; readonly reason?: string }) => error.reason ?? error._tag

describe("Sessions", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("signs a user in with the right password and resolves the session to them", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const signedIn = yield* sessions.signIn({
          email: org.admin.email.toUpperCase(),
          password: TEST_PASSWORD,
          ip: "1.1.1.1",
        })
        expect(signedIn.actor.userId).toBe(org.admin.id)
        const resolved = yield* sessions.resolve(signedIn.sessionToken)
        expect(resolved.actor).toMatchObject({ userId: org.admin.id, isAdmin: true, via: "session" })
        expect(sessions.checkCsrf(signedIn.sessionToken, signedIn.csrfToken)).toBe(true)
        expect(sessions.checkCsrf(signedIn.sessionToken, signedIn.sessionToken)).toBe(false)
      }),
    )

    it.effect("refuses a wrong password and an unknown email alike", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const bad = yield* sessions
          .signIn({ email: org.admin.email, password: wrong, ip: "1.1.1.2" })
          .pipe(Effect.flip)
        const unknown = yield* sessions
          .signIn({ email: "nobody@example.test", password: TEST_PASSWORD, ip: "1.1.1.2" })
          .pipe(Effect.flip)
        expect(bad._tag).toBe("InvalidCredentials")
        expect(unknown._tag).toBe("InvalidCredentials")
      }),
    )

    it.effect("throttles an email from one address after repeated failures, until the window slides", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const attempt = (password: Redacted.Redacted<string>, ip = "2.2.2.2") =>
          sessions.signIn({ email: org.admin.email, password, ip }).pipe(Effect.flip)
        for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) {
          expect((yield* attempt(wrong))._tag).toBe("InvalidCredentials")
          yield* TestClock.adjust("1 minute")
        }
        const throttled = yield* attempt(TEST_PASSWORD)
        expect(throttled._tag).toBe("SignInThrottled")
        if (throttled._tag === "SignInThrottled") {
          expect(throttled.retryAfterSeconds).toBe(
            (THROTTLE_WINDOW_MS - THROTTLE_MAX_FAILURES * 60_000) / 1000,
          )
        }
        // Another address is not affected.
        const elsewhere = yield* sessions.signIn({
          email: org.admin.email,
          password: TEST_PASSWORD,
          ip: "3.3.3.3",
        })
        expect(elsewhere.actor.userId).toBe(org.admin.id)
        yield* TestClock.adjust(THROTTLE_WINDOW_MS - THROTTLE_MAX_FAILURES * 60_000)
        const again = yield* sessions.signIn({
          email: org.admin.email,
          password: TEST_PASSWORD,
          ip: "2.2.2.2",
        })
        expect(again.actor.userId).toBe(org.admin.id)
      }),
    )

    it.effect("checks at most the allowed number of 40 parallel wrong passwords for one email", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const outcomes = yield* Effect.all(
          Array.from({ length: 40 }, () =>
            sessions.signIn({ email: org.admin.email, password: wrong, ip: "4.4.4.4" }).pipe(Effect.flip),
          ),
          { concurrency: "unbounded" },
        )
        const checked = outcomes.filter((e) => e._tag === "InvalidCredentials").length
        const throttled = outcomes.filter((e) => e._tag === "SignInThrottled").length
        expect(checked).toBe(THROTTLE_MAX_FAILURES)
        expect(throttled).toBe(40 - THROTTLE_MAX_FAILURES)
        // The right password is refused too until the window slides.
        const after = yield* sessions
          .signIn({ email: org.admin.email, password: TEST_PASSWORD, ip: "4.4.4.4" })
          .pipe(Effect.flip)
        expect(after._tag).toBe("SignInThrottled")
      }),
    )

    it.effect(
      "throttles one address trying one password across many emails",
      () =>
        Effect.gen(function* () {
          const org = yield* makeTestOrganization()
          const sessions = yield* Sessions
          for (let i = 0; i < THROTTLE_MAX_FAILURES_PER_IP; i++) {
            const refused = yield* sessions
              .signIn({ email: `sprayed-${i}@example.test`, password: wrong, ip: "5.5.5.5" })
              .pipe(Effect.flip)
            expect(refused._tag).toBe("InvalidCredentials")
          }
          const next = yield* sessions
            .signIn({ email: org.admin.email, password: TEST_PASSWORD, ip: "5.5.5.5" })
            .pipe(Effect.flip)
          expect(next._tag).toBe("SignInThrottled")
          // Another address signs in; this one again once the window has slid.
          const elsewhere = yield* sessions.signIn({
            email: org.admin.email,
            password: TEST_PASSWORD,
            ip: "6.6.6.6",
          })
          expect(elsewhere.actor.userId).toBe(org.admin.id)
          yield* TestClock.adjust(THROTTLE_WINDOW_MS)
          const again = yield* sessions.signIn({
            email: org.admin.email,
            password: TEST_PASSWORD,
            ip: "5.5.5.5",
          })
          expect(again.actor.userId).toBe(org.admin.id)
        }),
      // Twenty password checks (scrypt) on a shared machine.
      120_000,
    )

    it.effect("asks which organization when one email signs in to several", () =>
      Effect.gen(function* () {
        const first = yield* makeTestOrganization()
        const second = yield* makeTestOrganization()
        const users = yield* Users
        const sessions = yield* Sessions
        const email = "shared@example.test"
        for (const org of [first, second]) {
          yield* users
            .create({ name: "Shared", email, profileId: org.profiles.standard, password: TEST_PASSWORD })
            .pipe(actingAs(org.adminActor))
        }
        const ambiguous = yield* sessions
          .signIn({ email, password: TEST_PASSWORD, ip: "7.7.7.7" })
          .pipe(Effect.flip)
        expect(ambiguous._tag).toBe("OrganizationRequired")
        const chosen = yield* sessions.signIn({
          email,
          password: TEST_PASSWORD,
          ip: "7.7.7.7",
          organizationId: second.organization.id,
        })
        expect(chosen.actor.organizationId).toBe(second.organization.id)
      }),
    )

    it.effect("ends a session at sign-out and after the idle period", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const first = yield* sessions.signIn({
          email: org.admin.email,
          password: TEST_PASSWORD,
          ip: "4.4.4.4",
        })
        yield* sessions.signOut(first.sessionToken)
        expect(reasonOf(yield* sessions.resolve(first.sessionToken).pipe(Effect.flip))).toBe("invalid")
        const second = yield* sessions.signIn({
          email: org.admin.email,
          password: TEST_PASSWORD,
          ip: "4.4.4.4",
        })
        yield* TestClock.adjust(SESSION_IDLE_MS - 1000)
        yield* sessions.resolve(second.sessionToken)
        yield* TestClock.adjust(SESSION_IDLE_MS - 1000)
        yield* sessions.resolve(second.sessionToken)
        yield* TestClock.adjust(SESSION_IDLE_MS + 1000)
        expect(reasonOf(yield* sessions.resolve(second.sessionToken).pipe(Effect.flip))).toBe("expired")
      }),
    )

    it.effect("stops honouring the sessions and tokens of a deactivated user", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const tokens = yield* ApiTokens
        const users = yield* Users
        const { user, actor } = yield* org.addUser()
        const signedIn = yield* sessions.signIn({ email: user.email, password: TEST_PASSWORD, ip: "5.5.5.5" })
        const { token } = yield* tokens.create("script").pipe(actingAs(actor))
        yield* users.update(user.id, { active: false }).pipe(actingAs(org.adminActor))
        expect(reasonOf(yield* sessions.resolve(signedIn.sessionToken).pipe(Effect.flip))).toBe("invalid")
        expect(reasonOf(yield* tokens.resolve(token).pipe(Effect.flip))).toBe("inactive")
      }),
    )
  })
})

describe("Sessions and user changes", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("ends a user's sessions when an administrator sets a new password", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const sessions = yield* Sessions
        const users = yield* Users
        const { user } = yield* org.addUser()
        const signedIn = yield* sessions.signIn({ email: user.email, password: TEST_PASSWORD, ip: "6.6.6.6" })
        const next = Redacted.make("a brand new password")
        yield* users.update(user.id, { password: next }).pipe(actingAs(org.adminActor))
        expect(reasonOf(yield* sessions.resolve(signedIn.sessionToken).pipe(Effect.flip))).toBe("invalid")
        const again = yield* sessions.signIn({ email: user.email, password: next, ip: "6.6.6.6" })
        expect(again.actor.userId).toBe(user.id)
      }),
    )

    it.effect("revokes a user's API tokens when an administrator sets a new password", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const tokens = yield* ApiTokens
        const users = yield* Users
        const { user, actor } = yield* org.addUser()
        const { token } = yield* tokens.create("script").pipe(actingAs(actor))
        const { token: adminToken } = yield* tokens.create("admin script").pipe(actingAs(org.adminActor))
        yield* users
          .update(user.id, { password: Redacted.make("after the leak 42") })
          .pipe(actingAs(org.adminActor))
        expect(reasonOf(yield* tokens.resolve(token).pipe(Effect.flip))).toBe("revoked")
        // Other users' tokens are untouched.
        expect((yield* tokens.resolve(adminToken)).userId).toBe(org.admin.id)
        // Renaming the user is no password change: a new token survives it.
        const { token: later } = yield* tokens.create("later").pipe(actingAs(actor))
        yield* users.update(user.id, { name: "Renamed" }).pipe(actingAs(org.adminActor))
        expect((yield* tokens.resolve(later)).userId).toBe(user.id)
      }),
    )
  })
})

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
        expect(reasonOf(yield* tokens.resolve(token).pipe(Effect.flip))).toBe("revoked")
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
