import { describe, expect, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { makeTestOrganization } from "../../test/crm-fixtures.js"
import { TestDatabase } from "../../test/index.js"
import { Database } from "../persistence/index.js"
import { actingAs } from "./actor.js"
import { CrmLive } from "./index.js"
import { Metadata } from "./metadata.js"
import type { Module, RecordId } from "./model.js"
import { type RecordSort, Records } from "./records.js"

const countRecords = (module: Module) =>
  Effect.flatMap(Database, (db) =>
    db.execute<{ n: number }>(sql`select count(*)::int as n from crm_records where module = ${module}`),
  ).pipe(Effect.map((rows) => rows[0]?.n ?? 0))

describe("Records", () => {
  it.layer(Layer.provideMerge(CrmLive, TestDatabase))((it) => {
    it.effect("refuses a record with a bad value, naming the field, and writes nothing", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const records = yield* Records
        const before = yield* countRecords("accounts")
        const error = yield* records
          .create("accounts", { name: "Bad Website Inc", website: "not a url", employees: "many" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(error._tag).toBe("RecordInvalid")
        if (error._tag !== "RecordInvalid") return
        expect(error.errors.map((e) => e.field).sort()).toEqual(["employees", "website"])
        expect(yield* countRecords("accounts")).toBe(before)
      }),
    )

    it.effect("refuses unknown fields and missing required ones", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const records = yield* Records
        const error = yield* records
          .create("deals", { colour: "blue" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(error._tag === "RecordInvalid" && error.errors.map((e) => e.field).sort()).toEqual([
          "colour",
          "name",
          "stage",
        ])
      }),
    )

    it.effect("validates admin-defined custom fields like standard ones", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const metadata = yield* Metadata
        const records = yield* Records
        yield* metadata
          .createField("accounts", {
            label: "Tier",
            type: "picklist",
            options: ["Gold", "Silver"],
            required: true,
          })
          .pipe(actingAs(org.adminActor))
        const refused = yield* records
          .create("accounts", { name: "Tiered", tier: "Bronze" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(refused._tag === "RecordInvalid" && refused.errors).toEqual([
          { field: "tier", message: "must be one of: Gold, Silver", code: "picklist" },
        ])
        const created = yield* records
          .create("accounts", { name: "Tiered", tier: "Gold" })
          .pipe(actingAs(org.adminActor))
        expect(created.values.tier).toBe("Gold")
      }),
    )

    it.effect("refuses a custom field whose definition is incomplete", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const metadata = yield* Metadata
        const error = yield* metadata
          .createField("deals", { label: "Region", type: "picklist" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(error._tag === "FieldDefinitionInvalid" && error.errors.map((e) => e.field)).toEqual([
          "options",
        ])
        const reserved = yield* metadata
          .createField("deals", { label: "Owner", type: "text" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(reserved._tag === "FieldDefinitionInvalid" && reserved.errors.map((e) => e.field)).toEqual([
          "apiName",
        ])
      }),
    )

    for (const sort of ["created", "name"] as const satisfies ReadonlyArray<RecordSort>) {
      it.effect(`walks every record exactly once with cursor pagination (sort ${sort})`, () =>
        Effect.gen(function* () {
          const org = yield* makeTestOrganization()
          const records = yield* Records
          const created: Array<RecordId> = []
          for (let i = 0; i < 23; i++) {
            // Repeated names make the id tie-break matter.
            const account = yield* records
              .create("accounts", { name: `Account ${i % 4}` })
              .pipe(actingAs(org.adminActor))
            created.push(account.id)
          }
          const seen: Array<RecordId> = []
          let cursor: string | undefined
          for (let page = 0; page < 10; page++) {
            const result = yield* records
              .list("accounts", { sort, limit: 5, cursor })
              .pipe(actingAs(org.adminActor))
            seen.push(...result.items.map((r) => r.id))
            if (result.nextCursor === null) break
            cursor = result.nextCursor
          }
          expect(seen.length).toBe(created.length)
          expect(new Set(seen)).toEqual(new Set(created))
        }),
      )
    }

    it.effect(
      "a page encoded by the database is the list's page as the API answers it, cursors included",
      () =>
        Effect.gen(function* () {
          const org = yield* makeTestOrganization()
          const records = yield* Records
          const run = actingAs(org.adminActor)
          const account = yield* records
            .create("accounts", {
              name: 'Ünïcode "quoted" \\ Co',
              industry: "Retail",
              website: "https://a.example",
            })
            .pipe(run)
          yield* records.create("accounts", { name: "Plain" }).pipe(run)
          yield* records.create("accounts", { name: "Plain" }).pipe(run)
          yield* records
            .create("deals", { name: "Deal", stage: "Proposal", amount: 12.5, account: account.id })
            .pipe(run)
          yield* records.create("deals", { name: "Deal without account", stage: "Proposal" }).pipe(run)
          yield* records
            .create("contacts", { first_name: "Zoë", last_name: "Doe", account: account.id })
            .pipe(run)
          const asAnswered = (record: { readonly createdAt: Date; readonly updatedAt: Date }) => ({
            ...record,
            createdAt: record.createdAt.toISOString(),
            updatedAt: record.updatedAt.toISOString(),
          })
          for (const module of ["accounts", "deals", "contacts"] as const) {
            for (const sort of ["created", "name"] as const) {
              let cursor: string | undefined
              let pages = 0
              do {
                const listed = yield* records.list(module, { sort, limit: 2, cursor }).pipe(run)
                const encoded = yield* records.listEncoded(module, { sort, limit: 2, cursor }).pipe(run)
                expect(JSON.parse(encoded.itemsJson)).toStrictEqual(listed.items.map(asAnswered))
                expect(encoded.nextCursor).toBe(listed.nextCursor)
                cursor = listed.nextCursor ?? undefined
                pages++
              } while (cursor !== undefined)
              expect(pages).toBeGreaterThan(module === "accounts" ? 1 : 0)
            }
          }
        }),
    )

    it.effect("refuses a cursor it did not issue", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const records = yield* Records
        const error = yield* records
          .list("accounts", { cursor: "garbage" })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(error._tag).toBe("CursorInvalid")
      }),
    )

    it.effect("searches by name and filters by field value, within the organization only", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const other = yield* makeTestOrganization()
        const records = yield* Records
        yield* records
          .create("accounts", { name: "Acme 100% Corp", industry: "Retail" })
          .pipe(actingAs(org.adminActor))
        yield* records
          .create("accounts", { name: "Globex", industry: "Energy" })
          .pipe(actingAs(org.adminActor))
        yield* records.create("accounts", { name: "Acme Elsewhere" }).pipe(actingAs(other.adminActor))
        const found = yield* records.list("accounts", { q: "acme 100%" }).pipe(actingAs(org.adminActor))
        expect(found.items.map((r) => r.name)).toEqual(["Acme 100% Corp"])
        const energy = yield* records
          .list("accounts", { filters: { industry: "Energy" } })
          .pipe(actingAs(org.adminActor))
        expect(energy.items.map((r) => r.name)).toEqual(["Globex"])
        const wildcard = yield* records.list("accounts", { q: "%" }).pipe(actingAs(org.adminActor))
        expect(wildcard.items.map((r) => r.name)).toEqual(["Acme 100% Corp"])
      }),
    )

    it.effect("keeps contacts under an account of the same organization", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const other = yield* makeTestOrganization()
        const records = yield* Records
        const foreign = yield* records.create("accounts", { name: "Theirs" }).pipe(actingAs(other.adminActor))
        const error = yield* records
          .create("contacts", { last_name: "Doe", account: foreign.id })
          .pipe(actingAs(org.adminActor), Effect.flip)
        expect(error._tag === "RecordInvalid" && error.errors).toEqual([
          {
            field: "account",
            message: "must be an existing accounts record",
            code: "existingRecord",
            params: { module: "accounts" },
          },
        ])
      }),
    )

    it.effect("deletes an account with its contacts and keeps its deals without an account", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const records = yield* Records
        const run = actingAs(org.adminActor)
        const account = yield* records.create("accounts", { name: "Doomed" }).pipe(run)
        const contact = yield* records.create("contacts", { last_name: "Doe", account: account.id }).pipe(run)
        const deal = yield* records
          .create("deals", { name: "D", stage: "Proposal", account: account.id })
          .pipe(run)
        yield* records.remove("accounts", account.id).pipe(run)
        const gone = yield* records.get("contacts", contact.id).pipe(run, Effect.flip)
        expect(gone._tag).toBe("RecordNotFound")
        const kept = yield* records.get("deals", deal.id).pipe(run)
        expect(kept.values.account).toBeNull()
      }),
    )

    it.effect("refuses a second contact with the same email, whatever its case", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const records = yield* Records
        const run = actingAs(org.adminActor)
        const account = yield* records.create("accounts", { name: "A" }).pipe(run)
        yield* records
          .create("contacts", { last_name: "One", account: account.id, email: "x@example.com" })
          .pipe(run)
        const error = yield* records
          .create("contacts", { last_name: "Two", account: account.id, email: "X@Example.com" })
          .pipe(run, Effect.flip)
        expect(error._tag === "RecordConflict" && error.errors.map((e) => e.field)).toEqual(["email"])
      }),
    )

    it.effect("updates only the given fields and clears a value set to null", () =>
      Effect.gen(function* () {
        const org = yield* makeTestOrganization()
        const records = yield* Records
        const run = actingAs(org.adminActor)
        const account = yield* records.create("accounts", { name: "Before", phone: "+1 555 0100" }).pipe(run)
        const updated = yield* records
          .update("accounts", account.id, { name: "  After  Co ", phone: null })
          .pipe(run)
        expect(updated.name).toBe("After  Co")
        expect(updated.values.phone).toBeUndefined()
        const rows = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ normalized_name: string }>(
            sql`select normalized_name from crm_records where id = ${account.id}`,
          ),
        )
        expect(rows).toEqual([{ normalized_name: "after co" }])
        const cleared = yield* records.update("accounts", account.id, { name: "" }).pipe(run, Effect.flip)
        expect(cleared._tag === "RecordInvalid" && cleared.errors).toEqual([
          { field: "name", message: "is required", code: "required" },
        ])
      }),
    )
  })
})
