import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { makeTestOrganization } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { actingAs } from "./actor.js"
import { CrmLive } from "./index.js"
import { Metadata } from "./metadata.js"

describe("Metadata", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("adds a custom Deals field after the standard ones, its api name made from the label", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const metadata = yield* Metadata
        const before = yield* metadata.fields("deals").pipe(actingAs(org.adminActor))
        const field = yield* metadata
          .createField("deals", { label: "Go-live date", type: "date" })
          .pipe(actingAs(org.adminActor))
        expect(field).toMatchObject({ module: "deals", apiName: "go_live_date", type: "date", custom: true })
        const after = yield* metadata.fields("deals").pipe(actingAs(org.adminActor))
        expect(after.map((f) => f.apiName)).toEqual([...before.map((f) => f.apiName), "go_live_date"])
      }),
    )

    it.effect("refuses an api name already used in the module, naming the field", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const metadata = yield* Metadata
        yield* metadata
          .createField("accounts", { label: "Region", type: "text" })
          .pipe(actingAs(org.adminActor))
        const again = yield* metadata
          .createField("accounts", { label: "Region", type: "text" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(again).toMatchObject({ _tag: "FieldDefinitionInvalid" })
        expect(JSON.stringify(again)).toContain("apiName")
      }),
    )

    it.effect("lets only administrators add fields, and keeps each organization's fields its own", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const other = yield* makeTestOrganization()
        const metadata = yield* Metadata
        const { actor } = yield* org.addUser().pipe(actingAs(org.adminActor))
        const refused = yield* metadata
          .createField("contacts", { label: "Nickname", type: "text" })
          .pipe(actingAs(actor), Effect.flip)
        expect(refused._tag).toBe("NotAdministrator")
        yield* metadata
          .createField("contacts", { label: "Nickname", type: "text" })
          .pipe(actingAs(org.adminActor))
        const theirs = yield* metadata.fields("contacts").pipe(actingAs(other.adminActor))
        expect(theirs.map((f) => f.apiName)).not.toContain("nickname")
      }),
    )
  })
})
