/**
 * The seed's paragraph on field mapping, end to end against the mock Projects server: the portal's
 * standard and custom project fields beside the Deals and Accounts fields, refused pairs, the saved
 * mapping pre-filling project drafts, projects created from a draft, and a mapping gone broken.
 */
import { type Actor, Metadata, Records } from "@app/core/crm"
import {
  AuditLog,
  CrmProjects,
  Deactivation,
  FieldMapping,
  IntegrationState,
  PortalSetup,
  ProjectDrafts,
  ProjectForms,
  ProjectWrites,
} from "@app/core/integration"
import { Database, tables } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { and, eq } from "drizzle-orm"
import { Effect, Layer, Redacted } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"

const TestLayer = Layer.mergeAll(Records.Default, Metadata.Default).pipe(
  Layer.provideMerge(IntegrationTestLayer),
)

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
    return portal
  })

/** An organization with the demo portal, a custom Deals picklist "Tier", and the project fields by label. */
const setUp = Effect.gen(function* () {
  const { adminActor } = yield* newOrganization()
  yield* associate(adminActor)
  yield* Effect.flatMap(Metadata, (m) =>
    m.createField("deals", { label: "Tier", type: "picklist", options: ["Gold", "Silver"] }),
  ).pipe(as(adminActor))
  const candidates = yield* Effect.flatMap(FieldMapping, (f) => f.candidates()).pipe(as(adminActor))
  const field = (label: string) => {
    const found = candidates.projectFields.find((p) => p.label === label)
    if (found === undefined) throw new Error(`no project field ${label}`)
    return found
  }
  return { adminActor, candidates, field }
})

const mapping = (field: (label: string) => { apiName: string }) => [
  { projectField: "name", dealsField: "name", accountsField: "name" },
  { projectField: "description", dealsField: "description", accountsField: "description" },
  { projectField: field("Contract value").apiName, dealsField: "amount", accountsField: "annual_revenue" },
  { projectField: field("Go-live").apiName, dealsField: "closing_date", accountsField: null },
  { projectField: field("Account manager").apiName, dealsField: "owner", accountsField: null },
  { projectField: field("Tier").apiName, dealsField: "tier", accountsField: null },
]

layer(TestLayer, { timeout: 90_000, excludeTestServices: true })("field mapping against the mock", (it) => {
  it.effect("lists the portal's standard and custom project fields with the CRM fields that fit each", () =>
    Effect.gen(function* () {
      const { candidates, field } = yield* setUp
      expect(candidates.projectFields.map((p) => p.apiName)).toEqual(
        expect.arrayContaining(["name", "description", "owner", "status", "start_date", "end_date"]),
      )
      expect(field("Tier")).toMatchObject({
        custom: true,
        type: "picklist",
        options: ["Gold", "Silver", "Bronze"],
      })
      expect(field("Project Name")).toMatchObject({ custom: false, mandatory: true })
      expect(field("Contract value").compatible.deals.map((c) => c.apiName)).toEqual(["amount"])
      expect(field("Contract value").compatible.accounts.map((c) => c.apiName)).toEqual([
        "employees",
        "annual_revenue",
      ])
      expect(field("Account manager").compatible.deals.map((c) => c.apiName)).toEqual(["owner"])
      // A Deals picklist fits the Tier picklist; the stage does too by type, but its options are missing.
      expect(field("Tier").compatible.deals).toEqual([
        { apiName: "stage", missingOptions: expect.arrayContaining(["Qualification", "Closed Won"]) },
        { apiName: "tier", missingOptions: [] },
      ])
      expect(candidates.deals.map((f) => f.apiName)).toContain("tier")
      expect(candidates.accounts.map((f) => f.apiName)).toContain("annual_revenue")
    }),
  )

  it.effect("refuses an incompatible pair and a picklist with unmatched options, saving nothing", () =>
    Effect.gen(function* () {
      const { adminActor, field } = yield* setUp
      const fields = yield* FieldMapping
      const error = yield* fields
        .replace([
          { projectField: field("Contract value").apiName, dealsField: null, accountsField: "website" },
          { projectField: field("Tier").apiName, dealsField: "stage", accountsField: null },
        ])
        .pipe(as(adminActor), Effect.flip)
      expect(error._tag).toBe("FieldMappingInvalid")
      expect(error._tag === "FieldMappingInvalid" ? error.errors : []).toEqual([
        expect.objectContaining({
          field: "entries[0].accountsField",
          module: "accounts",
          crmField: "website",
          reason: expect.stringContaining("a url field cannot fill a currency project field"),
        }),
        expect.objectContaining({
          field: "entries[1].dealsField",
          crmField: "stage",
          missingOptions: [
            "Qualification",
            "Needs Analysis",
            "Proposal",
            "Negotiation",
            "Closed Won",
            "Closed Lost",
          ],
        }),
      ])
      expect((yield* fields.get().pipe(as(adminActor))).entries).toEqual([])
      const view = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
      expect(view.steps.fieldMapping).toBe(false)
    }),
  )

  it.effect(
    "pre-fills a Deal's draft, the Account filling what the Deal leaves empty, and says why a value is missing",
    () =>
      Effect.gen(function* () {
        const { adminActor, field } = yield* setUp
        const saved = yield* Effect.flatMap(FieldMapping, (f) => f.replace(mapping(field))).pipe(
          as(adminActor),
        )
        expect(saved.entries.every((e) => e.status === "ok")).toBe(true)
        const view = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
        expect(view.steps.fieldMapping).toBe(true)
        const audit = yield* Effect.flatMap(AuditLog, (a) => a.list({})).pipe(as(adminActor))
        expect(audit.items[0]?.action).toBe("integration.field_mapping_saved")

        const records = yield* Records
        const account = yield* records
          .create("accounts", { name: "Zeta Corp", annual_revenue: 50000, description: "Key account" })
          .pipe(as(adminActor))
        const deal = yield* records
          .create("deals", {
            name: "Zeta rollout",
            stage: "Proposal",
            account: account.id,
            closing_date: "2026-05-01",
            tier: "Silver",
          })
          .pipe(as(adminActor))
        const drafts = yield* ProjectDrafts
        const draft = yield* drafts.forDeal(deal.id).pipe(as(adminActor))
        const at = (label: string) => draft.fields.find((f) => f.label === label)
        expect(draft.links).toEqual({ dealId: deal.id, accountId: account.id })
        expect(at("Project Name")).toMatchObject({
          value: "Zeta rollout",
          source: { module: "deals", field: "name" },
        })
        expect(at("Description")).toMatchObject({ value: "Key account", source: { module: "accounts" } })
        expect(at("Contract value")).toMatchObject({
          value: 50000,
          source: { module: "accounts", field: "annual_revenue" },
        })
        expect(at("Go-live")).toMatchObject({ value: "2026-05-01", problem: null })
        expect(at("Tier")).toMatchObject({ value: "Silver" })
        // The deal owner (the CRM admin) is not a user of the portal: left empty, with the reason.
        expect(at("Account manager")).toMatchObject({
          value: null,
          problem: `deals.owner: ${adminActor.email} is not an active user of the portal`,
        })
        expect(at("Start Date")).toMatchObject({ value: null, source: null, problem: null })

        const fromAccount = yield* drafts.forAccount(account.id).pipe(as(adminActor))
        expect(fromAccount.values).toMatchObject({
          name: "Zeta Corp",
          [field("Contract value").apiName]: 50000,
        })
        expect(fromAccount.links).toEqual({ dealId: null, accountId: account.id })

        // Creating a project from the draft writes its values to the portal and links the Deal and Account.
        const writes = yield* ProjectWrites
        const created = yield* writes.create({ values: draft.values, dealId: deal.id }).pipe(as(adminActor))
        expect(created).toMatchObject({ name: "Zeta rollout", dealId: deal.id, accountId: account.id })
        expect(created.customFields).toMatchObject({
          [field("Contract value").apiName]: 50000,
          [field("Tier").apiName]: "Silver",
          [field("Go-live").apiName]: "2026-05-01",
        })
        const related = yield* Effect.flatMap(CrmProjects, (p) => p.forDeal(deal.id, {})).pipe(as(adminActor))
        expect(related.items.map((p) => p.projectsId)).toEqual([created.projectsId])

        const renamed = yield* writes
          .update(created.id, { values: { name: "Zeta rollout, phase 1" } })
          .pipe(as(adminActor))
        expect(renamed).toMatchObject({ name: "Zeta rollout, phase 1", dealId: deal.id })
        yield* writes.delete(created.id).pipe(as(adminActor))
        const after = yield* Effect.flatMap(CrmProjects, (p) => p.forDeal(deal.id, {})).pipe(as(adminActor))
        expect(after.items).toEqual([])
      }),
  )

  it.effect(
    "shows the project form every settable field by type, which layout takes each, the statuses and owners",
    () =>
      Effect.gen(function* () {
        const { adminActor } = yield* setUp
        const form = yield* Effect.flatMap(ProjectForms, (f) => f.form()).pipe(as(adminActor))
        const byLabel = (label: string) => form.fields.find((f) => f.label === label)
        expect(form.layouts.map((l) => [l.name, l.isDefault])).toEqual([
          ["Standard Layout", true],
          ["Internal Layout", false],
        ])
        const [standard, internal] = form.layouts
        expect(byLabel("Project Name")).toMatchObject({ type: "text", custom: false, mandatory: true })
        expect(byLabel("Description")).toMatchObject({ type: "multiline" })
        expect(byLabel("Tier")).toMatchObject({ type: "picklist", options: ["Gold", "Silver", "Bronze"] })
        for (const [label, type] of [
          ["Contract value", "currency"],
          ["Go-live", "date"],
          ["Account manager", "user_picklist"],
          ["Reference", "text"],
          ["Seats", "number"],
          ["Billable", "boolean"],
          ["Notes", "multiline"],
        ])
          expect(byLabel(label ?? "")).toMatchObject({ type, custom: true })
        // Cost center belongs to the internal layout only.
        expect(byLabel("Cost center")?.layoutIds).toEqual([internal?.id])
        expect(standard?.fields).not.toContain(byLabel("Cost center")?.apiName)
        expect(internal?.fields).toContain(byLabel("Cost center")?.apiName)
        expect(form.statuses.map((s) => s.name)).toEqual([
          "Active",
          "In Progress",
          "On Hold",
          "Completed",
          "Cancelled",
        ])
        expect(form.owners.map((o) => o.email)).toEqual(
          expect.arrayContaining([OWNER, "manager@projects.demo.test"]),
        )

        // A project in the internal layout takes its Cost center; the standard layout refuses it.
        const writes = yield* ProjectWrites
        const cost = byLabel("Cost center")?.apiName ?? ""
        const created = yield* writes
          .create({
            values: { name: `Internal ${adminActor.organizationId}`, layout: internal?.id, [cost]: "CC-7" },
          })
          .pipe(as(adminActor))
        expect(created.customFields).toMatchObject({ [cost]: "CC-7" })
        const refused = yield* writes
          .create({ values: { name: `Standard ${adminActor.organizationId}`, [cost]: "CC-8" } })
          .pipe(as(adminActor), Effect.flip)
        expect(refused).toMatchObject({ _tag: "ProjectInputInvalid", errors: [{ field: `values.${cost}` }] })
      }),
  )

  it.effect("surfaces the portal's refusal of a value as a 4xx naming the field", () =>
    Effect.gen(function* () {
      const { adminActor, field } = yield* setUp
      const writes = yield* ProjectWrites
      const tier = field("Tier").apiName
      const refused = yield* writes
        .create({ values: { name: `Platinum ${adminActor.organizationId}`, [tier]: "Platinum" } })
        .pipe(as(adminActor), Effect.flip)
      expect(refused).toMatchObject({ _tag: "ProjectInputInvalid", errors: [{ field: `values.${tier}` }] })
      const unknown = yield* writes
        .create({ values: { name: "Whatever", budget_code: "X1" } })
        .pipe(as(adminActor), Effect.flip)
      expect(unknown).toMatchObject({
        _tag: "ProjectInputInvalid",
        errors: [{ field: "values.budget_code" }],
      })
      const nameless = yield* writes.create({ values: {} }).pipe(as(adminActor), Effect.flip)
      expect(nameless).toMatchObject({ _tag: "ProjectInputInvalid", errors: [{ field: "values.name" }] })
    }),
  )

  it.effect(
    "flags the mapping of a custom field gone from the portal as broken, and deactivation forgets the mapping",
    () =>
      Effect.gen(function* () {
        const { adminActor, field } = yield* setUp
        const fields = yield* FieldMapping
        yield* fields.replace(mapping(field)).pipe(as(adminActor))
        // The mock cannot delete a custom field: the saved line names one the portal no longer lists.
        const database = yield* Database
        const t = tables.integrationFieldMappings
        yield* database.use((db) =>
          db
            .update(t)
            .set({ projectField: "projects_cf_9999" })
            .where(
              and(
                eq(t.organizationId, adminActor.organizationId),
                eq(t.projectField, field("Go-live").apiName),
              ),
            ),
        )
        const view = yield* fields.get().pipe(as(adminActor))
        const broken = view.entries.filter((e) => e.status === "broken")
        expect(broken).toEqual([
          expect.objectContaining({
            projectField: "projects_cf_9999",
            projectFieldLabel: "Go-live",
            problems: ['the project field "Go-live" (projects_cf_9999) no longer exists in the portal'],
            reasons: [{ code: "projectFieldGone", module: null, field: null, params: {} }],
          }),
        ])
        expect(view.entries.filter((e) => e.status === "ok")).toHaveLength(5)
        // Drafts still work: the broken line fills nothing.
        const account = yield* Effect.flatMap(Records, (r) =>
          r.create("accounts", { name: "Broken Ltd" }),
        ).pipe(as(adminActor))
        const draft = yield* Effect.flatMap(ProjectDrafts, (d) => d.forAccount(account.id)).pipe(
          as(adminActor),
        )
        expect(draft.values).toEqual({ name: "Broken Ltd" })

        yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(as(adminActor))
        const left = yield* database.use((db) =>
          db.select().from(t).where(eq(t.organizationId, adminActor.organizationId)),
        )
        expect(left).toEqual([])
      }),
  )
})
