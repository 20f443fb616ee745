/**
 * The Projects tab's list (SPEC §4.6: search, filters, pagination) against the mock's demo portal:
 * filters by client and account, and every sort paged with its cursor without a project lost or seen
 * twice.
 */
import { type Actor, Metadata, Records } from "@app/core/crm"
import {
  CLIENT_CONTACTS_JOB,
  ClientMapping,
  CrmProject,
  CrmProjects,
  IntegrationState,
  PortalSetup,
  toCrmProject,
} from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import { Database, tables } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { eq, sql } from "drizzle-orm"
import { Effect, Layer, Redacted, Schema } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"

const associate = (adminActor: Actor) =>
  Effect.gen(function* () {
    yield* Effect.flatMap(IntegrationState, (s) => s.enable()).pipe(as(adminActor))
    const c = (yield* mock).control
    const key = Redacted.make((yield* Effect.promise(() => c.keys(OWNER))).key ?? "")
    const portal = (yield* Effect.promise(() => c.state())).portals[0]
    if (portal === undefined) return yield* Effect.die("demo portal missing")
    yield* Effect.flatMap(PortalSetup, (setup) =>
      setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } }),
    ).pipe(as(adminActor))
    yield* drain
  })

const TestLayer = Layer.mergeAll(Records.Default, Metadata.Default).pipe(
  Layer.provideMerge(IntegrationTestLayer),
)

layer(TestLayer, { timeout: 90_000, excludeTestServices: true })("the Projects tab", (it) => {
  it.effect(
    "filters by client and by account, lists a contact's projects, and pages every sort without losing or repeating one",
    () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization()
        yield* associate(adminActor)
        const projects = yield* CrmProjects
        const list = (query: Parameters<typeof projects.list>[0]) => projects.list(query).pipe(as(adminActor))
        const all = (yield* list({ limit: 200 })).items
        expect(all.length).toBeGreaterThan(5)

        const acme = all.flatMap((p) => p.clients).find((c) => c.name === "Acme Corp")
        if (acme === undefined) return yield* Effect.die("no Acme Corp project in the demo portal")
        const ofAcme = (yield* list({ clientId: acme.id, limit: 200 })).items
        expect(ofAcme.length).toBeGreaterThan(0)
        expect(ofAcme.every((p) => p.clients.some((c) => c.id === acme.id))).toBe(true)
        expect(ofAcme.length).toBe(all.filter((p) => p.clients.some((c) => c.id === acme.id)).length)

        // The account mapped to the client gets the client's projects.
        const account = yield* Effect.flatMap(Records, (r) =>
          r.create("accounts", { name: "Acme Corp" }),
        ).pipe(as(adminActor))
        yield* Effect.flatMap(ClientMapping, (m) => m.map(acme.id, account.id)).pipe(as(adminActor))
        const ofAccount = (yield* list({ accountId: account.id, limit: 200 })).items
        expect(ofAccount.map((p) => p.id).sort()).toEqual(ofAcme.map((p) => p.id).sort())

        // The client's user became a contact of the account, associated with the projects listing them.
        const runner = yield* JobRunner
        yield* Effect.flatMap(ClientMapping, (m) => runner.register(CLIENT_CONTACTS_JOB, m.handleContacts))
        yield* drain
        const contactsOf = (projectId: string) =>
          Effect.flatMap(ClientMapping, (m) => m.projectContacts(projectId)).pipe(as(adminActor))
        const withContacts = yield* Effect.filter(ofAcme, (p) =>
          Effect.map(contactsOf(p.id), (c) => c.length > 0),
        )
        const [first] = withContacts
        if (first === undefined) return yield* Effect.die("no Acme Corp project lists its client user")
        const [contact] = yield* contactsOf(first.id)
        const ofContact = (yield* projects.forContact(contact?.contactId ?? "", {}).pipe(as(adminActor)))
          .items
        expect(ofContact.map((p) => p.id).sort()).toEqual(withContacts.map((p) => p.id).sort())

        for (const sort of ["name", "-name", "modified", "-modified"] as const) {
          const seen: Array<string> = []
          let cursor: string | undefined
          do {
            const page = yield* list({ sort, limit: 3, ...(cursor ? { cursor } : {}) })
            seen.push(...page.items.map((p) => p.id))
            cursor = page.nextCursor ?? undefined
          } while (cursor)
          expect(seen).toHaveLength(all.length)
          expect(new Set(seen).size).toBe(all.length)
        }
        const byName = (yield* list({ sort: "name", limit: 200 })).items.map((p) => p.name.toLowerCase())
        const reversed = (yield* list({ sort: "-name", limit: 200 })).items.map((p) => p.name.toLowerCase())
        expect(reversed).toEqual([...byName].reverse())
      }),
  )

  it.effect(
    "a page encoded by the database is what the project mapping and its schema give, odd stored projects included",
    () =>
      Effect.gen(function* () {
        const { adminActor } = yield* newOrganization()
        yield* associate(adminActor)
        const database = yield* Database
        const t = tables.integrationProjects
        const odd: ReadonlyArray<Record<string, unknown>> = [
          { clients: [{ id: 42, name: "Numbered" }, { id: "7" }, "not a client", null, { name: true }] },
          { clients: { id: "1" }, description: 12, percent_complete: "50" },
          {
            description: 'Plain <b>text</b> \u00e9 "quoted"',
            percent_complete: 37.5,
            extra: { nested: [1, 2] },
          },
          { custom_text: "x", tasks: [{ id: 1 }], owner: { email: "ignored@example.test" } },
        ]
        yield* database.execute(sql`
          insert into integration_projects (organization_id, projects_id, name, key, status, owner_email, owner_name, start_date, data, modified_time)
          select ${adminActor.organizationId}::uuid, 'odd-' || n, 'Odd ' || n, null, 'Open',
                 case when n = 1 then '' when n = 2 then 'owner@example.test' end, case when n = 2 then 'Owen' end,
                 case when n = 3 then '2026-01-31' end, (${JSON.stringify(odd)}::jsonb) -> (n - 1),
                 case when n <> 4 then timestamptz '2026-03-04 05:06:07.089+00' end
          from generate_series(1, ${odd.length}) n`)
        const page = yield* Effect.flatMap(CrmProjects, (p) => p.list({ limit: 200 })).pipe(as(adminActor))
        const rows = yield* database.use((db) =>
          db.select().from(t).where(eq(t.organizationId, adminActor.organizationId)),
        )
        const encode = Schema.encodeSync(CrmProject)
        const expected = new Map(rows.map((row) => [row.id, encode(toCrmProject(row))]))
        expect(page.items.length).toBe(rows.length)
        for (const item of page.items) expect(item).toStrictEqual(expected.get(item.id))
        const numbered = page.items.find((p) => p.projectsId === "odd-1")
        expect(numbered?.clients).toEqual([
          { id: "42", name: "Numbered" },
          { id: "7", name: "" },
          { id: "", name: "" },
          { id: "", name: "" },
          { id: "", name: "true" },
        ])
        expect(numbered?.owner).toBeNull()
        expect(page.items.find((p) => p.projectsId === "odd-3")?.modifiedTime).toBe(
          "2026-03-04T05:06:07.089Z",
        )
      }),
  )
})
