import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { makeTestOrganization } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { actingAs } from "./actor.js"
import { CrmLive } from "./index.js"
import { Profiles } from "./profiles.js"

describe("Profiles", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect(
      "lists the built-in Administrator and Standard profiles first, then the organization's own",
      () =>
        Effect.gen(function* () {
          const org = yield* makeTestOrganization()
          const profiles = yield* Profiles
          const sales = yield* profiles
            .create({ name: "  Sales ", description: "Deals only" })
            .pipe(actingAs(org.adminActor))
          expect(sales).toMatchObject({
            name: "Sales",
            description: "Deals only",
            isAdmin: false,
            builtIn: false,
          })
          const listed = yield* profiles.list().pipe(actingAs(org.adminActor))
          expect(listed.map((p) => p.name)).toEqual(["Administrator", "Standard", "Sales"])
        }),
    )

    it.effect("refuses a second profile of the same name and profiles added by a Standard user", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const profiles = yield* Profiles
        yield* profiles.create({ name: "Support" }).pipe(actingAs(org.adminActor))
        const taken = yield* profiles.create({ name: "Support" }).pipe(actingAs(org.adminActor), Effect.flip)
        expect(taken).toMatchObject({ _tag: "ProfileNameTaken", name: "Support" })
        const { actor } = yield* org.addUser().pipe(actingAs(org.adminActor))
        const refused = yield* profiles.create({ name: "Mine" }).pipe(actingAs(actor), Effect.flip)
        expect(refused._tag).toBe("NotAdministrator")
      }),
    )

    it.effect("never shows another organization's profile", () =>
      Effect.gen(function* () {
        const mine = yield* makeTestOrganization()
        const theirs = yield* makeTestOrganization()
        const profiles = yield* Profiles
        const missing = yield* profiles
          .get(theirs.profiles.standard)
          .pipe(actingAs(mine.adminActor), Effect.flip)
        expect(missing._tag).toBe("ProfileNotFound")
      }),
    )
  })
})
