import { describe, expect, it } from "@effect/vitest"
import { type Field, FieldId } from "../../crm/model.js"
import type { tables } from "../../persistence/index.js"
import { mappingProblems, type PortalField, readLine } from "./field-mapping.js"

const crm = (
  module: "deals" | "accounts",
  apiName: string,
  type: Field["type"],
  options?: string[],
): Field => ({
  id: FieldId.make("00000000-0000-4000-8000-000000000000"),
  module,
  apiName,
  label: apiName,
  type,
  required: false,
  unique: false,
  custom: false,
  ...(options ? { options } : {}),
  position: 0,
})

const project = (apiName: string, type: PortalField["type"], options: string[] = []): PortalField => ({
  apiName,
  label: apiName,
  type,
  portalType: type ?? "formula",
  custom: apiName.startsWith("projects_cf_"),
  mandatory: false,
  options,
  maxLength: undefined,
})

const sides = {
  projectFields: [
    project("name", "text"),
    project("projects_cf_0001", "picklist", ["Gold", "Silver", "Bronze"]),
    project("projects_cf_0002", "currency"),
    project("projects_cf_0099", null),
  ],
  deals: [
    crm("deals", "name", "text"),
    crm("deals", "amount", "currency"),
    crm("deals", "stage", "picklist", ["Qualification", "Closed Won"]),
    crm("deals", "tier", "picklist", ["gold", "Silver"]),
  ],
  accounts: [crm("accounts", "name", "text"), crm("accounts", "website", "url")],
}

describe("mappingProblems", () => {
  it("accepts compatible pairs, matching picklist options whatever their case", () => {
    expect(
      mappingProblems(
        [
          { projectField: "name", dealsField: "name", accountsField: "name" },
          { projectField: "projects_cf_0001", dealsField: "tier", accountsField: null },
          { projectField: "projects_cf_0002", dealsField: "amount", accountsField: null },
        ],
        sides,
      ),
    ).toEqual([])
  })

  it("names the pair and the reason of an incompatible type", () => {
    const [problem] = mappingProblems(
      [{ projectField: "projects_cf_0002", dealsField: null, accountsField: "website" }],
      sides,
    )
    expect(problem).toMatchObject({
      field: "entries[0].accountsField",
      projectField: "projects_cf_0002",
      module: "accounts",
      crmField: "website",
      reason: expect.stringContaining("a url field cannot fill a currency project field"),
    })
  })

  it("lists the CRM picklist options without a counterpart in the project field", () => {
    const [problem] = mappingProblems(
      [{ projectField: "projects_cf_0001", dealsField: "stage", accountsField: null }],
      sides,
    )
    expect(problem?.missingOptions).toEqual(["Qualification", "Closed Won"])
  })

  it("refuses unknown fields on either side, a field mapped twice and a type it cannot fill", () => {
    const problems = mappingProblems(
      [
        { projectField: "projects_cf_4242", dealsField: "name", accountsField: null },
        { projectField: "name", dealsField: "nope", accountsField: null },
        { projectField: "name", dealsField: "name", accountsField: null },
        { projectField: "projects_cf_0099", dealsField: "name", accountsField: null },
      ],
      sides,
    )
    expect(problems.map((p) => p.field)).toEqual([
      "entries[0].projectField",
      "entries[1].dealsField",
      "entries[2].projectField",
      "entries[3].dealsField",
    ])
  })
})

describe("readLine", () => {
  const row = (
    projectField: string,
    dealsField: string | null,
  ): typeof tables.integrationFieldMappings.$inferSelect => ({
    id: "00000000-0000-4000-8000-000000000001",
    organizationId: "00000000-0000-4000-8000-000000000002",
    projectField,
    projectFieldLabel: "Go-live",
    projectFieldType: "date",
    dealsField,
    accountsField: null,
    savedAt: new Date(0),
  })

  it("flags a mapping whose custom field disappeared from the portal as broken", () => {
    const line = readLine(row("projects_cf_0003", "closing_date"), sides)
    expect(line.status).toBe("broken")
    expect(line.problems).toEqual([
      'the project field "Go-live" (projects_cf_0003) no longer exists in the portal',
      "the deals field closing_date no longer exists",
    ])
    // The same reasons as data, for a client to word in its user's language.
    expect(line.reasons).toEqual([
      { code: "projectFieldGone", module: null, field: null, params: {} },
      { code: "crmFieldGone", module: "deals", field: "closing_date", params: {} },
    ])
  })

  it("says why a line no longer fits: a type changed, picklist options gone", () => {
    const retyped = readLine({ ...row("projects_cf_0002", null), accountsField: "website" }, sides)
    expect(retyped.reasons).toEqual([
      {
        code: "incompatibleType",
        module: "accounts",
        field: "website",
        params: { crmType: "url", projectType: "currency" },
      },
    ])
    const options = readLine(row("projects_cf_0001", "stage"), sides)
    expect(options.reasons).toEqual([
      {
        code: "missingOptions",
        module: "deals",
        field: "stage",
        params: { options: "Qualification, Closed Won" },
      },
    ])
    expect(options.problems).toHaveLength(1)
  })

  it("keeps a mapping that still fits", () => {
    expect(readLine(row("projects_cf_0002", "amount"), sides)).toMatchObject({
      status: "ok",
      problems: [],
      reasons: [],
    })
  })
})
