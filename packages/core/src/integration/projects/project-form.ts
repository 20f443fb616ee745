/**
 * What the project form may show (SPEC §4.6, §4.3): the portal's layouts with the fields each takes,
 * every field a CRM user may set (standard and custom, by type, with picklist options), the statuses
 * and the users who can own a project. Read live: layouts and custom fields change in the portal.
 */
import { Effect, Schema } from "effect"
import { requireAdmin } from "../../crm/actor.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { ProjectPermissions } from "../permissions/project-permissions.js"
import { PortalConnection } from "../portal/portal-connection.js"

export const ProjectFormField = Schema.Struct({
  apiName: Schema.String,
  label: Schema.String,
  /** The portal's field type: text, multiline, number, decimal, currency, percent, date, datetime,
   * boolean, picklist, multi_select, user_picklist, multi_user_picklist, email, phone, url. */
  type: Schema.String,
  custom: Schema.Boolean,
  mandatory: Schema.Boolean,
  options: Schema.Array(Schema.String),
  maxLength: Schema.NullOr(Schema.Number),
  defaultValue: Schema.Unknown,
  /** The layouts that take this field. */
  layoutIds: Schema.Array(Schema.String),
})
export type ProjectFormField = typeof ProjectFormField.Type

export const ProjectForm = Schema.Struct({
  layouts: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      name: Schema.String,
      isDefault: Schema.Boolean,
      fields: Schema.Array(Schema.String),
    }),
  ),
  fields: Schema.Array(ProjectFormField),
  statuses: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String, closed: Schema.Boolean })),
  owners: Schema.Array(Schema.Struct({ zpuid: Schema.String, name: Schema.String, email: Schema.String })),
})
export type ProjectForm = typeof ProjectForm.Type

// Set by the portal, or through the form's own pickers and links rather than as a field.
const notSetHere = new Set(["project_group"])

export class ProjectForms extends Effect.Service<ProjectForms>()("@app/core/integration/ProjectForms", {
  effect: Effect.gen(function* () {
    const connection = yield* PortalConnection
    const state = yield* IntegrationState
    const permissions = yield* ProjectPermissions

    /** `GET /projects/form`: for users who may create or edit projects, and admins. */
    const form = Effect.fn("ProjectForms.form")(function* () {
      yield* state.requireActive("open the project form")
      // Admins read it for Map Now, which says which layout takes each field.
      yield* permissions.require("create").pipe(
        Effect.orElse(() => permissions.require("edit")),
        Effect.orElse(() => Effect.asVoid(requireAdmin("open the project form"))),
      )
      return yield* connection.use("read the project form", (api, portalId) =>
        Effect.gen(function* () {
          const [fields, layouts, statuses, users] = yield* Effect.all(
            [
              api.listProjectFields(portalId),
              api.listLayouts(portalId),
              api.listStatuses(portalId),
              api.listAllUsers(portalId, { type: 1, viewType: "active" }),
            ],
            { concurrency: 4 },
          )
          const result: ProjectForm = {
            layouts: layouts.map((l) => ({
              id: l.id,
              name: l.name,
              isDefault: l.is_default ?? false,
              fields: (l.sections ?? []).flatMap((s) => s.fields),
            })),
            fields: [...fields]
              .filter((f) => f.is_editable !== false && f.is_visible !== false && !notSetHere.has(f.api_name))
              .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))
              .map((f) => ({
                apiName: f.api_name,
                label: f.display_name ?? f.name ?? f.api_name,
                type: f.field_type,
                custom: f.is_custom_field ?? f.api_name.startsWith("projects_cf_"),
                mandatory: f.is_mandatory ?? false,
                options: [...(f.pick_list_values ?? [])]
                  .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))
                  .map((v) => v.value),
                maxLength: f.max_length ?? null,
                defaultValue: f.default_value ?? null,
                layoutIds: [...(f.layout_ids ?? [])],
              })),
            statuses: statuses.map((s) => ({ id: s.id, name: s.name, closed: s.is_closed_type ?? false })),
            owners: users
              .filter((u) => u.is_active !== false)
              .map((u) => ({
                zpuid: u.zpuid ?? u.id,
                name: u.full_name ?? u.name ?? u.email,
                email: u.email,
              })),
          }
          return result
        }),
      )
    })

    return { form } as const
  }),
}) {}
