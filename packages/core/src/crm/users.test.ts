import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { makeTestOrganization } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { DatabaseError } from "../persistence/index.js"
import { actingAs } from "./actor.js"
import { CrmLive } from "./index.js"
import { Profiles } from "./profiles.js"
import { type UserChange, UserChanges } from "./user-changes.js"
import { Users } from "./users.js"

describe("Users", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("lets only administrators add users and profiles", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const users = yield* Users
        const profiles = yield* Profiles
        const { actor } = yield* org.addUser()
        const error = yield* users
          .create({ name: "X", email: "x@example.test", profileId: org.profiles.standard })
          .pipe(actingAs(actor), Effect.flip)
        expect(error._tag).toBe("NotAdministrator")
        const profileError = yield* profiles.create({ name: "Support" }).pipe(actingAs(actor), Effect.flip)
        expect(profileError._tag).toBe("NotAdministrator")
      }),
    )

    it.effect("keeps emails unique per organization, whatever their case", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const other = yield* makeTestOrganization()
        const users = yield* Users
        const email = "Same.Person@Example.test"
        yield* users
          .create({ name: "A", email, profileId: org.profiles.standard })
          .pipe(actingAs(org.adminActor))
        const error = yield* users
          .create({ name: "B", email: email.toLowerCase(), profileId: org.profiles.standard })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(error._tag).toBe("EmailTaken")
        const elsewhere = yield* users
          .create({ name: "C", email, profileId: other.profiles.standard })
          .pipe(actingAs(other.adminActor))
        expect(elsewhere.organizationId).toBe(other.organization.id)
      }),
    )

    it.effect("never leaves an organization without an active administrator", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const users = yield* Users
        const demote = yield* users
          .update(org.admin.id, { profileId: org.profiles.standard })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(demote._tag).toBe("LastAdministrator")
        const deactivate = yield* users
          .update(org.admin.id, { active: false })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(deactivate._tag).toBe("LastAdministrator")
        yield* org.addUser({ profileId: org.profiles.administrator })
        const demoted = yield* users
          .update(org.admin.id, { profileId: org.profiles.standard })
          .pipe(actingAs(org.adminActor))
        expect(demoted.profileId).toBe(org.profiles.standard)
      }),
    )

    it.effect("tells subscribers about created, re-profiled and reactivated users", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const users = yield* Users
        const profiles = yield* Profiles
        const changes = yield* UserChanges
        const seen: Array<UserChange> = []
        yield* changes.subscribe((change) => Effect.sync(() => void seen.push(change)))
        const sales = yield* profiles.create({ name: "Sales" }).pipe(actingAs(org.adminActor))
        const run = actingAs(org.adminActor)
        const user = yield* users
          .create({ name: "Pat", email: "pat@example.test", profileId: org.profiles.standard })
          .pipe(run)
        yield* users.update(user.id, { profileId: sales.id }).pipe(run)
        yield* users.update(user.id, { active: false }).pipe(run)
        yield* users.update(user.id, { active: true, name: "Pat B" }).pipe(run)
        yield* users.update(user.id, { name: "Pat C" }).pipe(run)
        const mine = seen.filter((c) => c.user.id === user.id)
        expect(mine.map((c) => c._tag)).toEqual(["UserCreated", "UserReprofiled", "UserReactivated"])
        expect(mine[1]?._tag === "UserReprofiled" && mine[1].previousProfileId).toBe(org.profiles.standard)
      }),
    )

    it.effect("writes no user when a subscriber fails", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const users = yield* Users
        const changes = yield* UserChanges
        yield* changes.subscribe((change) =>
          change.user.email === "refused@example.test"
            ? Effect.fail(new DatabaseError({ cause: "subscriber failed" }))
            : Effect.void,
        )
        const run = actingAs(org.adminActor)
        yield* users
          .create({ name: "R", email: "refused@example.test", profileId: org.profiles.standard })
          .pipe(run, Effect.flip)
        const all = yield* users.list().pipe(run)
        expect(all.map((u) => u.email)).not.toContain("refused@example.test")
      }),
    )
  })
})
