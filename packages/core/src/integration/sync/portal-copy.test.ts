import { describe, expect, it } from "@effect/vitest"
import { and, eq, sql } from "drizzle-orm"
import { Effect, FastCheck, Layer, Redacted } from "effect"
import { TestDatabase } from "../../../test/index.js"
import type { OrganizationId } from "../../crm/model.js"
import { Organizations } from "../../crm/organizations.js"
import { UserChanges } from "../../crm/user-changes.js"
import { Database, tables } from "../../persistence/index.js"
import { PortalCopy } from "./portal-copy.js"

const TestLayer = Layer.mergeAll(PortalCopy.Default, Organizations.Default).pipe(
  Layer.provideMerge(UserChanges.Default),
  Layer.provideMerge(TestDatabase),
)

let counter = 0
const newOrganization = Effect.flatMap(Organizations, (orgs) =>
  orgs.create({
    name: `Copy org ${++counter}`,
    edition: "enterprise",
    admin: {
      name: "Ada",
      email: `copy${counter}@example.test`,
      password: Redacted.make("correct horse battery"),
    },
  }),
).pipe(Effect.map((created) => created.organization.id))

const project = (id: number, name: string, modified: string, clients: Array<string> = []) => ({
  id: String(1_800_000_000_000 + id),
  key: `ZY-${id}`,
  name,
  project_type: "active",
  status: { id: "1", name: "Active" },
  owner: { email: "eric@zylker.test", full_name: "Eric Nyaga" },
  start_date: "2025-03-01",
  modified_time: modified,
  clients: clients.map((c) => ({ id: c, name: `Client ${c}` })),
  projects_cf_0001: "Gold",
})

const projectRows = (organizationId: OrganizationId) =>
  Effect.flatMap(Database, (db) =>
    db.use((d) =>
      d
        .select({ projectsId: tables.integrationProjects.projectsId, name: tables.integrationProjects.name })
        .from(tables.integrationProjects)
        .where(eq(tables.integrationProjects.organizationId, organizationId))
        .orderBy(tables.integrationProjects.projectsId),
    ),
  )

describe("PortalCopy", () => {
  it.layer(TestLayer)((it) => {
    it.effect("imports a page of projects with their custom fields, and again without duplicates", () =>
      Effect.gen(function* () {
        const org = yield* newOrganization
        const copy = yield* PortalCopy
        const page = JSON.stringify([
          project(1, "Website", "2025-05-01T00:00:00.000Z"),
          project(2, "Mobile app", "2025-05-02T00:00:00.000Z"),
        ])
        expect(yield* copy.upsertProjects(org, page, new Date("2025-06-01T00:00:00Z"))).toBe(2)
        expect(yield* copy.upsertProjects(org, page, new Date("2025-06-01T00:00:01Z"))).toBe(2)
        const rows = yield* projectRows(org)
        expect(rows.map((r) => r.name)).toEqual(["Website", "Mobile app"])
        const [stored] = yield* Effect.flatMap(Database, (db) =>
          db.use((d) =>
            d
              .select()
              .from(tables.integrationProjects)
              .where(
                and(
                  eq(tables.integrationProjects.organizationId, org),
                  eq(tables.integrationProjects.key, "ZY-1"),
                ),
              ),
          ),
        )
        expect(stored?.data).toMatchObject({ projects_cf_0001: "Gold" })
        expect(stored?.ownerEmail).toBe("eric@zylker.test")
      }),
    )

    it.effect("never lets an older copy of a project overwrite a newer one", () =>
      Effect.gen(function* () {
        const org = yield* newOrganization
        const copy = yield* PortalCopy
        const seen = new Date("2025-06-01T00:00:00Z")
        yield* copy.upsertProjects(
          org,
          JSON.stringify([project(1, "Renamed", "2025-05-03T00:00:00.000Z")]),
          seen,
        )
        yield* copy.upsertProjects(
          org,
          JSON.stringify([project(1, "Original", "2025-05-01T00:00:00.000Z")]),
          seen,
        )
        expect((yield* projectRows(org)).map((r) => r.name)).toEqual(["Renamed"])
      }),
    )

    it.effect("removes what a full pass did not see, and nothing else", () =>
      Effect.gen(function* () {
        const org = yield* newOrganization
        const copy = yield* PortalCopy
        const first = new Date("2025-06-01T00:00:00Z")
        yield* copy.upsertProjects(
          org,
          JSON.stringify([1, 2, 3].map((i) => project(i, `P${i}`, "2025-05-01T00:00:00.000Z"))),
          first,
        )
        const second = new Date("2025-06-02T00:00:00Z")
        yield* copy.upsertProjects(
          org,
          JSON.stringify([1, 3].map((i) => project(i, `P${i}`, "2025-05-01T00:00:00.000Z"))),
          second,
        )
        const removed = yield* copy.removeUnseen(org, second)
        expect(removed.projects).toBe(1)
        expect((yield* projectRows(org)).map((r) => r.name)).toEqual(["P1", "P3"])
      }),
    )

    it.effect(
      "writes the rest of a page the database partly refuses, reporting each refused item by id",
      () =>
        Effect.gen(function* () {
          const org = yield* newOrganization
          const copy = yield* PortalCopy
          const first = new Date("2025-06-01T00:00:00Z")
          yield* copy.upsertProjects(
            org,
            JSON.stringify([project(2, "Kept as it was", "2025-05-01T00:00:00.000Z")]),
            first,
          )
          const second = new Date("2025-06-02T00:00:00Z")
          const written = yield* copy.writePage(
            "projects",
            org,
            JSON.stringify([
              project(1, "Website", "2025-05-01T00:00:00.000Z"),
              project(2, "Broken date", "the second of May"),
              project(3, "Mobile app", "2025-05-01T00:00:00.000Z"),
            ]),
            second,
          )
          expect(written.received).toBe(3)
          expect(written.failed).toEqual([
            {
              list: "projects",
              id: String(1_800_000_000_002),
              name: "Broken date",
              sqlstate: expect.stringMatching(/^22/),
              reason: expect.stringMatching(/^database error 22/),
            },
          ])
          expect((yield* projectRows(org)).map((r) => r.name)).toEqual([
            "Website",
            "Kept as it was",
            "Mobile app",
          ])
          // The refused project's existing copy counts as seen: the pass does not take it for deleted.
          expect(yield* copy.removeUnseenOf("projects", org, second)).toBe(0)
        }),
    )

    it.effect("finds the projects of a client through the indexed clients array", () =>
      Effect.gen(function* () {
        const org = yield* newOrganization
        const copy = yield* PortalCopy
        const seen = new Date("2025-06-01T00:00:00Z")
        yield* copy.upsertProjects(
          org,
          JSON.stringify([
            project(1, "A", "2025-05-01T00:00:00.000Z", ["77"]),
            project(2, "B", "2025-05-01T00:00:00.000Z", ["78"]),
          ]),
          seen,
        )
        const rows = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ name: string }>(
            sql`select name from integration_projects where organization_id = ${org}::uuid and data->'clients' @> ${JSON.stringify([{ id: "77" }])}::jsonb`,
          ),
        )
        expect(rows).toEqual([{ name: "A" }])
      }),
    )

    it.effect("ends with the same rows whatever order and repetition the pages arrive in", () =>
      Effect.gen(function* () {
        const copy = yield* PortalCopy
        const versions = [1, 2, 3, 4].flatMap((id) =>
          [1, 2, 3].map((v) => project(id, `P${id} v${v}`, `2025-05-0${v}T00:00:00.000Z`)),
        )
        const samples = FastCheck.sample(
          FastCheck.shuffledSubarray(versions, {
            minLength: versions.length,
            maxLength: versions.length,
          }).chain((order) =>
            FastCheck.array(FastCheck.integer({ min: 0, max: order.length - 1 }), { maxLength: 5 }).map(
              (repeats) => [...order, ...repeats.map((i) => order[i] ?? order[0])],
            ),
          ),
          { numRuns: 8, seed: 42 },
        )
        for (const deliveries of samples) {
          const org = yield* newOrganization
          for (const version of deliveries) {
            yield* copy.upsertProjects(org, JSON.stringify([version]), new Date("2025-06-01T00:00:00Z"))
          }
          expect((yield* projectRows(org)).map((r) => r.name)).toEqual(["P1 v3", "P2 v3", "P3 v3", "P4 v3"])
        }
      }),
    )
  })
})
