/**
 * Field metadata of Deals, Accounts and Contacts: the standard fields every organization starts with
 * and the custom fields administrators add. Records are validated against it.
 */
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect, Schema } from "effect"
import { Database } from "../persistence/index.js"
import { crmFields } from "../persistence/tables/index.js"
import { CurrentActor, requireAdmin } from "./actor.js"
import { FieldDefinitionInvalid, type FieldProblem } from "./errors.js"
import { type Field, FieldId, FieldSettings, type FieldType, type Module } from "./model.js"
import { reservedApiNames } from "./standard-fields.js"

export interface NewField {
  readonly label: string
  /** Derived from the label when absent. */
  readonly apiName?: string | undefined
  readonly type: FieldType
  readonly required?: boolean | undefined
  readonly unique?: boolean | undefined
  readonly options?: ReadonlyArray<string> | undefined
  readonly lookupModule?: Module | undefined
}

const API_NAME = /^[a-z][a-z0-9_]{0,49}$/
const UNIQUE_TYPES: ReadonlySet<FieldType> = new Set(["text", "email", "phone", "url", "number"])
const MAX_OPTIONS = 500

const decodeSettings = Schema.decodeUnknownSync(FieldSettings)

export const toField = (row: typeof crmFields.$inferSelect): Field => {
  const settings = decodeSettings(row.settings)
  return {
    id: FieldId.make(row.id),
    module: row.module,
    apiName: row.apiName,
    label: row.label,
    type: row.type,
    required: row.required,
    unique: row.unique,
    custom: row.custom,
    ...(settings.options ? { options: settings.options } : {}),
    ...(settings.lookupModule ? { lookupModule: settings.lookupModule } : {}),
    position: row.position,
  }
}

export const apiNameFromLabel = (label: string) =>
  label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^(\d)/, "f_$1")
    .slice(0, 50)

const checkDefinition = (input: NewField, apiName: string): ReadonlyArray<FieldProblem> => {
  const problems: Array<FieldProblem> = []
  const label = input.label.trim()
  if (label.length === 0 || label.length > 100)
    problems.push({ field: "label", message: "must be 1 to 100 characters" })
  if (!API_NAME.test(apiName)) {
    problems.push({
      field: "apiName",
      message: "must start with a letter and use a-z, 0-9 and _ (at most 50)",
    })
  } else if (reservedApiNames.has(apiName)) {
    problems.push({ field: "apiName", message: "is reserved by a standard field" })
  }
  if (input.type === "picklist") {
    const options = (input.options ?? []).map((o) => o.trim())
    if (options.length === 0)
      problems.push({ field: "options", message: "a picklist needs at least one option" })
    else if (options.length > MAX_OPTIONS)
      problems.push({ field: "options", message: `at most ${MAX_OPTIONS} options` })
    else if (options.some((o) => o.length === 0 || o.length > 255)) {
      problems.push({ field: "options", message: "each option must be 1 to 255 characters" })
    } else if (new Set(options).size !== options.length) {
      problems.push({ field: "options", message: "options must be distinct" })
    }
  } else if (input.options !== undefined) {
    problems.push({ field: "options", message: "only picklist fields have options" })
  }
  if (input.type === "lookup" && input.lookupModule === undefined) {
    problems.push({ field: "lookupModule", message: "a lookup field needs the module it points to" })
  } else if (input.type !== "lookup" && input.lookupModule !== undefined) {
    problems.push({ field: "lookupModule", message: "only lookup fields point to a module" })
  }
  if (input.unique && !UNIQUE_TYPES.has(input.type)) {
    problems.push({ field: "unique", message: `only ${[...UNIQUE_TYPES].join(", ")} fields can be unique` })
  }
  return problems
}

export class Metadata extends Effect.Service<Metadata>()("@app/core/crm/Metadata", {
  effect: Effect.gen(function* () {
    const database = yield* Database

    const fields = Effect.fn("Metadata.fields")(function* (module: Module) {
      const actor = yield* CurrentActor
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(crmFields)
          .where(and(eq(crmFields.organizationId, actor.organizationId), eq(crmFields.module, module)))
          .orderBy(asc(crmFields.position), asc(crmFields.apiName)),
      )
      return rows.map(toField)
    })

    const createField = Effect.fn("Metadata.createField")(function* (module: Module, input: NewField) {
      const actor = yield* requireAdmin("add custom fields")
      const apiName = input.apiName?.trim() || apiNameFromLabel(input.label)
      const problems = checkDefinition(input, apiName)
      if (problems.length > 0) return yield* new FieldDefinitionInvalid({ errors: problems })
      const [row] = yield* database
        .use((db) =>
          db
            .insert(crmFields)
            .values({
              organizationId: actor.organizationId,
              module,
              apiName,
              label: input.label.trim(),
              type: input.type,
              required: input.required ?? false,
              unique: input.unique ?? false,
              custom: true,
              settings: {
                ...(input.type === "picklist" ? { options: (input.options ?? []).map((o) => o.trim()) } : {}),
                ...(input.lookupModule ? { lookupModule: input.lookupModule } : {}),
              },
              position: sql`(select coalesce(max(position), -1) + 1 from ${crmFields} where organization_id = ${actor.organizationId} and module = ${module})`,
            })
            .returning(),
        )
        .pipe(
          Effect.catchTag("DatabaseError", (error) =>
            error.isUniqueViolation
              ? new FieldDefinitionInvalid({
                  errors: [{ field: "apiName", message: "is already used in this module" }],
                })
              : Effect.die(error),
          ),
        )
      if (!row) return yield* Effect.die("insert returned no field")
      return toField(row)
    })

    return { fields, createField } as const
  }),
}) {}
