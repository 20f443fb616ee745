/**
 * The field mapping (SPEC §4.3, seed "Mapper des champs"): lists the portal's standard and custom
 * project fields beside the Deals and Accounts fields that may fill them, validates and saves the
 * whole mapping (admins), and reads it back with every line that no longer fits flagged as broken.
 */
import { asc, eq } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { Metadata } from "../../crm/metadata.js"
import type { Field, OrganizationId } from "../../crm/model.js"
import { Database, tables } from "../../persistence/index.js"
import type { ProjectField } from "../../projects-client/index.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { compatibility, missingOptions, type ProjectFieldType, ProjectFieldTypes } from "./compatibility.js"
import {
  type BrokenLineReason,
  type CrmFieldCandidate,
  type FieldMappingCandidates,
  type FieldMappingEntry,
  FieldMappingInvalid,
  type FieldMappingLine,
  type FieldMappingProblem,
  type FieldMappingView,
  type SourceModule,
} from "./model.js"

/** A project field as this integration reads it from the portal. */
export interface PortalField {
  readonly apiName: string
  readonly label: string
  readonly type: ProjectFieldType | null
  readonly portalType: string
  readonly custom: boolean
  readonly mandatory: boolean
  readonly options: ReadonlyArray<string>
  readonly maxLength: number | undefined
}

const knownTypes: ReadonlySet<string> = new Set(ProjectFieldTypes)

export const toPortalField = (f: ProjectField): PortalField => ({
  apiName: f.api_name,
  label: f.display_name ?? f.name ?? f.api_name,
  type: knownTypes.has(f.field_type) ? (f.field_type as ProjectFieldType) : null,
  portalType: f.field_type,
  custom: f.is_custom_field ?? f.api_name.startsWith("projects_cf_"),
  mandatory: f.is_mandatory ?? false,
  options: [...(f.pick_list_values ?? [])]
    .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))
    .map((v) => v.value),
  maxLength: f.max_length,
})

const picklistTarget = (type: ProjectFieldType | null) => type === "picklist" || type === "multi_select"

/** Why `crm` cannot fill `project`, or undefined when it can (type rule, then picklist options). */
export const pairProblem = (
  project: PortalField,
  crm: Field,
):
  | {
      readonly reason: string
      readonly code: "notFillable" | "incompatibleType" | "missingOptions"
      readonly missingOptions?: ReadonlyArray<string>
    }
  | undefined => {
  if (project.type === null)
    return {
      reason: `the project field type ${project.portalType} cannot be filled from the CRM`,
      code: "notFillable",
    }
  const rule = compatibility(project.type, crm.type)
  if (!rule.compatible) return { reason: rule.reason, code: "incompatibleType" }
  if (picklistTarget(project.type)) {
    const missing = missingOptions(crm.options ?? [], project.options)
    if (missing.length > 0)
      return {
        reason: `the CRM options ${missing.map((o) => `"${o}"`).join(", ")} have no counterpart in the project field`,
        code: "missingOptions",
        missingOptions: missing,
      }
  }
  return undefined
}

export interface MappingSides {
  readonly projectFields: ReadonlyArray<PortalField>
  readonly deals: ReadonlyArray<Field>
  readonly accounts: ReadonlyArray<Field>
}

/** Every problem of a mapping; an entry with neither side leaves its project field unmapped. */
export const mappingProblems = (
  entries: ReadonlyArray<FieldMappingEntry>,
  sides: MappingSides,
): ReadonlyArray<FieldMappingProblem> => {
  const problems: Array<FieldMappingProblem> = []
  const seen = new Set<string>()
  entries.forEach((entry, i) => {
    const project = sides.projectFields.find((f) => f.apiName === entry.projectField)
    if (project === undefined) {
      problems.push({
        field: `entries[${i}].projectField`,
        projectField: entry.projectField,
        module: null,
        crmField: null,
        reason: "the portal has no project field with this api name",
        code: "unknownField",
      })
      return
    }
    if (seen.has(entry.projectField)) {
      problems.push({
        field: `entries[${i}].projectField`,
        projectField: entry.projectField,
        module: null,
        crmField: null,
        reason: "this project field is mapped twice",
        code: "mappedTwice",
      })
      return
    }
    seen.add(entry.projectField)
    const check = (module: SourceModule, apiName: string | null) => {
      if (apiName === null) return
      const field = `entries[${i}].${module}Field`
      const crm = sides[module].find((f) => f.apiName === apiName)
      if (crm === undefined) {
        problems.push({
          field,
          projectField: project.apiName,
          module,
          crmField: apiName,
          reason: `${module} has no field with this api name`,
          code: "unknownField",
        })
        return
      }
      const problem = pairProblem(project, crm)
      if (problem)
        problems.push({ field, projectField: project.apiName, module, crmField: apiName, ...problem })
    }
    check("deals", entry.dealsField)
    check("accounts", entry.accountsField)
  })
  return problems
}

type MappingRow = typeof tables.integrationFieldMappings.$inferSelect

/** A saved line against today's portal and CRM fields: broken when a side is gone or no longer fits. */
export const readLine = (row: MappingRow, sides: MappingSides): FieldMappingLine => {
  const problems: Array<string> = []
  const reasons: Array<BrokenLineReason> = []
  const project = sides.projectFields.find((f) => f.apiName === row.projectField)
  if (project === undefined) {
    problems.push(
      `the project field "${row.projectFieldLabel}" (${row.projectField}) no longer exists in the portal`,
    )
    reasons.push({ code: "projectFieldGone", module: null, field: null, params: {} })
  }
  const side = (module: SourceModule, apiName: string | null) => {
    if (apiName === null) return null
    const crm = sides[module].find((f) => f.apiName === apiName)
    if (crm === undefined) {
      problems.push(`the ${module} field ${apiName} no longer exists`)
      reasons.push({ code: "crmFieldGone", module, field: apiName, params: {} })
    } else if (project !== undefined) {
      const problem = pairProblem(project, crm)
      if (problem) {
        problems.push(`${module}.${apiName}: ${problem.reason}`)
        reasons.push({
          code: problem.code,
          module,
          field: apiName,
          params:
            problem.code === "missingOptions"
              ? { options: (problem.missingOptions ?? []).join(", ") }
              : { crmType: crm.type, projectType: project.portalType },
        })
      }
    }
    return { apiName, label: crm?.label ?? null }
  }
  const deals = side("deals", row.dealsField)
  const accounts = side("accounts", row.accountsField)
  return {
    projectField: row.projectField,
    projectFieldLabel: project?.label ?? row.projectFieldLabel,
    projectFieldType: project?.portalType ?? row.projectFieldType,
    deals,
    accounts,
    status: problems.length === 0 ? "ok" : "broken",
    problems,
    reasons,
  }
}

const toCandidate = (f: Field): CrmFieldCandidate => ({
  apiName: f.apiName,
  label: f.label,
  type: f.type,
  custom: f.custom,
  ...(f.options ? { options: f.options } : {}),
})

/** Deactivation forgets the mapping with the portal whose fields it named. */
export const removeFieldMappings = (organizationId: OrganizationId) =>
  Effect.flatMap(Database, (database) =>
    database.use((db) =>
      db
        .delete(tables.integrationFieldMappings)
        .where(eq(tables.integrationFieldMappings.organizationId, organizationId)),
    ),
  )

export class FieldMapping extends Effect.Service<FieldMapping>()("@app/core/integration/FieldMapping", {
  dependencies: [Metadata.Default],
  effect: Effect.gen(function* () {
    const database = yield* Database
    const metadata = yield* Metadata
    const connection = yield* PortalConnection
    const state = yield* IntegrationState
    const t = tables.integrationFieldMappings

    /** The portal's project fields, read live (custom fields come and go in the portal). */
    const portalFields = Effect.fn("FieldMapping.portalFields")(function* (action: string) {
      const fields = yield* connection.use(action, (api, portalId) => api.listProjectFields(portalId))
      return fields.map(toPortalField)
    })

    const sidesFor = (action: string) =>
      Effect.all({
        projectFields: portalFields(action),
        deals: metadata.fields("deals"),
        accounts: metadata.fields("accounts"),
      })

    const rows = (organizationId: OrganizationId) =>
      database.use((db) =>
        db.select().from(t).where(eq(t.organizationId, organizationId)).orderBy(asc(t.projectField)),
      )

    /** `GET /integration/field-mappings/candidates`: both sides, and which CRM fields fit each project field. */
    const candidates = Effect.fn("FieldMapping.candidates")(function* () {
      yield* requireAdmin("map fields")
      const sides = yield* sidesFor("list the project fields")
      const compatibleIn = (project: PortalField, fields: ReadonlyArray<Field>) =>
        fields.flatMap((crm) => {
          const problem = pairProblem(project, crm)
          if (problem === undefined) return [{ apiName: crm.apiName, missingOptions: [] }]
          return problem.missingOptions
            ? [{ apiName: crm.apiName, missingOptions: problem.missingOptions }]
            : []
        })
      const result: FieldMappingCandidates = {
        projectFields: sides.projectFields.map((p) => ({
          apiName: p.apiName,
          label: p.label,
          type: p.type,
          portalType: p.portalType,
          custom: p.custom,
          mandatory: p.mandatory,
          options: p.options,
          compatible: { deals: compatibleIn(p, sides.deals), accounts: compatibleIn(p, sides.accounts) },
        })),
        deals: sides.deals.map(toCandidate),
        accounts: sides.accounts.map(toCandidate),
      }
      return result
    })

    const view = (
      saved: ReadonlyArray<MappingRow>,
      sides: MappingSides,
      savedAt: Date | null,
    ): FieldMappingView => ({
      entries: saved.map((row) => readLine(row, sides)),
      savedAt: savedAt?.toISOString() ?? null,
    })

    /** `GET /integration/field-mappings`: the saved mapping, lines that no longer fit flagged broken. */
    const get = Effect.fn("FieldMapping.get")(function* () {
      const actor = yield* requireAdmin("read the field mapping")
      const sides = yield* sidesFor("read the field mapping")
      const { row } = yield* state.current()
      return view(yield* rows(actor.organizationId), sides, row?.fieldMappingSavedAt ?? null)
    })

    /** The saved lines and today's sides, for drafts (any user allowed to create projects). */
    const forDrafts = Effect.fn("FieldMapping.forDrafts")(function* (organizationId: OrganizationId) {
      const sides = yield* sidesFor("prepare a project draft")
      return { rows: yield* rows(organizationId), sides }
    })

    /**
     * `PUT /integration/field-mappings`: replaces the whole mapping. Any refused pair refuses all of it
     * (422, nothing saved): a picklist whose CRM options lack a counterpart would fail at sync time.
     */
    const replace = Effect.fn("FieldMapping.replace")(function* (entries: ReadonlyArray<FieldMappingEntry>) {
      const actor = yield* requireAdmin("map fields")
      const sides = yield* sidesFor("save the field mapping")
      const mapped = entries.filter((e) => e.dealsField !== null || e.accountsField !== null)
      const problems = mappingProblems(entries, sides)
      if (problems.length > 0) return yield* new FieldMappingInvalid({ errors: problems })
      const now = new Date(yield* Clock.currentTimeMillis)
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.current({ lock: true })
          const before = yield* rows(actor.organizationId)
          yield* database.use((db) => db.delete(t).where(eq(t.organizationId, actor.organizationId)))
          const saved =
            mapped.length === 0
              ? []
              : yield* database.use((db) =>
                  db
                    .insert(t)
                    .values(
                      mapped.map((e) => {
                        const project = sides.projectFields.find((f) => f.apiName === e.projectField)
                        return {
                          organizationId: actor.organizationId,
                          projectField: e.projectField,
                          projectFieldLabel: project?.label ?? e.projectField,
                          projectFieldType: project?.portalType ?? "text",
                          dealsField: e.dealsField,
                          accountsField: e.accountsField,
                          savedAt: now,
                        }
                      }),
                    )
                    .returning(),
                )
          const summary = (lines: ReadonlyArray<MappingRow>) =>
            lines.map((l) => ({
              projectField: l.projectField,
              deals: l.dealsField,
              accounts: l.accountsField,
            }))
          yield* state.transition(
            "integration.field_mapping_saved",
            { fieldMappingSavedAt: now },
            { fieldMapping: { before: summary(before), after: summary(saved) } },
          )
          return view(
            [...saved].sort((a, b) => a.projectField.localeCompare(b.projectField)),
            sides,
            now,
          )
        }),
      )
    })

    return { candidates, get, replace, forDrafts } as const
  }),
}) {}
