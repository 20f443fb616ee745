/**
 * Project writes from the CRM (SPEC §4.6: "create, edit, delete (written through to the portal) as
 * permitted"): each checks the integration is active and the profile's box, writes to the portal,
 * then updates the CRM's copy and the project's Deal/Account links.
 */
import { and, eq, type SQL } from "drizzle-orm"
import { Clock, Effect, Schema } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { RecordNotFound } from "../../crm/errors.js"
import type { Module, OrganizationId } from "../../crm/model.js"
import { OutboundEvents } from "../../external/events/outbound-events.js"
import { Database, type DatabaseError, tables } from "../../persistence/index.js"
import {
  type Project,
  ProjectFromWire,
  type ProjectsApi,
  type ProjectsError,
  type ProjectWrite,
} from "../../projects-client/index.js"
import { ProjectsUnreachable } from "../errors.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { ProjectPermissions } from "../permissions/project-permissions.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { toCrmProject } from "../projects/crm-projects.js"
import { type CrmProject, CrmProjectNotFound } from "../projects/model.js"
import { ProjectCreateIntents } from "../projects/project-create-intents.js"
import { PortalCopy } from "../sync/portal-copy.js"
import { SyncRunRecorder } from "../sync-runs/sync-run-recorder.js"

/** `POST /projects` and `PATCH /projects/:id`: values by project field api name, and the CRM links. */
export const ProjectInput = Schema.Struct({
  values: Schema.Record({ key: Schema.String.pipe(Schema.maxLength(100)), value: Schema.Unknown }),
  dealId: Schema.optional(Schema.NullOr(Schema.UUID)),
  accountId: Schema.optional(Schema.NullOr(Schema.UUID)),
})
export type ProjectInput = typeof ProjectInput.Type

const InputProblem = Schema.Struct({ field: Schema.String, message: Schema.String })

/** 422: the input (or the portal's validation of it) names what to fix; nothing was written. */
export class ProjectInputInvalid extends Schema.TaggedError<ProjectInputInvalid>()("ProjectInputInvalid", {
  errors: Schema.Array(InputProblem),
}) {
  override get message() {
    return this.errors.map((e) => `${e.field}: ${e.message}`).join("; ")
  }
}

const passThrough = new Set(["name", "description", "start_date", "end_date"])
const isCustom = (key: string) => key.startsWith("projects_cf_")

const isUuid = Schema.is(Schema.UUID)
const encodeProject = Schema.encodeSync(ProjectFromWire)

export class ProjectWrites extends Effect.Service<ProjectWrites>()("@app/core/integration/ProjectWrites", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const connection = yield* PortalConnection
    const state = yield* IntegrationState
    const permissions = yield* ProjectPermissions
    const copy = yield* PortalCopy
    const intents = yield* ProjectCreateIntents
    const events = yield* OutboundEvents
    const recorder = yield* SyncRunRecorder
    const t = tables.integrationProjects

    const allowed = (action: "create" | "edit" | "delete") =>
      Effect.zipRight(state.requireActive(`${action} projects`), permissions.require(action))

    /** Values by api name → the V3 body; unknown keys are refused by name before the portal sees them. */
    const toWire = (api: ProjectsApi, portalId: string, values: Readonly<Record<string, unknown>>) =>
      Effect.gen(function* () {
        const body: Record<string, unknown> = {}
        const problems: Array<{ field: string; message: string }> = []
        const customKeys = Object.keys(values).filter(isCustom)
        const fields = customKeys.length > 0 ? yield* api.listProjectFields(portalId) : []
        for (const [key, value] of Object.entries(values)) {
          if (passThrough.has(key)) body[key] = value
          else if (key === "owner") body.owner = typeof value === "string" ? { zpuid: value } : value
          else if (key === "layout") body.layout = typeof value === "string" ? { id: value } : value
          else if (key === "project_group")
            body.project_group = typeof value === "string" ? { id: value } : value
          else if (key === "status") {
            if (typeof value !== "string") body.status = value
            else {
              const statuses = yield* api.listStatuses(portalId)
              const wanted = value.trim().toLowerCase()
              const status = statuses.find((s) => s.name.toLowerCase() === wanted || s.id === value)
              if (status === undefined)
                problems.push({
                  field: "values.status",
                  message: `"${value}" is not a project status of the portal`,
                })
              else body.status = { id: status.id }
            }
          } else if (isCustom(key) && fields.some((f) => f.api_name === key)) body[key] = value
          else
            problems.push({
              field: `values.${key}`,
              message: "the portal has no writable project field with this api name",
            })
        }
        if (problems.length > 0) return yield* new ProjectInputInvalid({ errors: problems })
        return body as ProjectWrite
      })

    /** Portal refusals become 4xx naming the field; transient failures a 503. */
    const portalErrors = <A, R>(
      self: Effect.Effect<A, ProjectsError | ProjectInputInvalid | DatabaseError, R>,
      projectId?: string,
    ) =>
      self.pipe(
        Effect.catchTags({
          ProjectsValidationFailed: (e) =>
            Effect.fail(
              new ProjectInputInvalid({
                errors:
                  e.fields.length > 0
                    ? e.fields.map((f) => ({ field: `values.${f.field}`, message: f.message }))
                    : [{ field: "values", message: e.detail }],
              }),
            ),
          ProjectsUnavailable: (e) => Effect.fail(new ProjectsUnreachable({ reason: e.message })),
          ProjectsNotFound: (e) =>
            Effect.fail(new CrmProjectNotFound({ projectId: projectId ?? e.resource })),
        }),
      )

    const requireRecord = (organizationId: OrganizationId, module: Module, id: string) =>
      Effect.gen(function* () {
        const r = tables.crmRecords
        const [row] = yield* database.use((db) =>
          db
            .select({ id: r.id, accountId: r.accountId })
            .from(r)
            .where(and(eq(r.organizationId, organizationId), eq(r.module, module), eq(r.id, id))),
        )
        if (row === undefined) return yield* new RecordNotFound({ module, recordId: id })
        return row
      })

    /** The links to store: a Deal's Account is linked too unless another account is given. */
    const linksOf = (organizationId: OrganizationId, input: Pick<ProjectInput, "dealId" | "accountId">) =>
      Effect.gen(function* () {
        const links: { dealId?: string | null; accountId?: string | null } = {}
        if (input.dealId !== undefined) {
          links.dealId = input.dealId
          if (input.dealId !== null) {
            const deal = yield* requireRecord(organizationId, "deals", input.dealId)
            if (input.accountId === undefined && deal.accountId !== null) links.accountId = deal.accountId
          }
        }
        if (input.accountId !== undefined) {
          links.accountId = input.accountId
          if (input.accountId !== null) yield* requireRecord(organizationId, "accounts", input.accountId)
        }
        return links
      })

    const findRow = (organizationId: OrganizationId, id: string) =>
      Effect.gen(function* () {
        const where: SQL | undefined = and(
          eq(t.organizationId, organizationId),
          isUuid(id) ? eq(t.id, id) : eq(t.projectsId, id),
        )
        const [row] = yield* database.use((db) => db.select().from(t).where(where))
        if (row === undefined) return yield* new CrmProjectNotFound({ projectId: id })
        return row
      })

    /** Writes the portal's answer into the copy, then the links; returns the CRM's view of it. */
    const store = (
      organizationId: OrganizationId,
      project: Project,
      links: { dealId?: string | null; accountId?: string | null },
      event: (project: CrmProject) => Effect.Effect<unknown, DatabaseError>,
      alongside: Effect.Effect<void, DatabaseError> = Effect.void,
    ) =>
      database.transaction(
        Effect.gen(function* () {
          yield* alongside
          // The copy's change is a CRM user's edit, recorded as such (a project's per-field history).
          yield* recorder.recordCrmEdit(yield* CurrentActor)
          const now = new Date(yield* Clock.currentTimeMillis)
          yield* copy.upsertProjects(organizationId, JSON.stringify([encodeProject(project)]), now)
          const where = and(eq(t.organizationId, organizationId), eq(t.projectsId, project.id))
          if (links.dealId !== undefined || links.accountId !== undefined)
            yield* database.use((db) => db.update(t).set(links).where(where))
          const [row] = yield* database.use((db) => db.select().from(t).where(where))
          if (row === undefined) return yield* Effect.die("project copy missing after upsert")
          const stored = toCrmProject(row)
          yield* event(stored)
          return stored
        }),
      )

    /**
     * `POST /projects`: creates the project in the portal (e.g. from a draft) and links it. Under an
     * `intentKey` (the request's idempotency key) a retry adopts the project an earlier attempt made.
     */
    const create = Effect.fn("ProjectWrites.create")(function* (
      input: ProjectInput,
      options: { readonly intentKey?: string } = {},
    ) {
      yield* allowed("create")
      const actor = yield* CurrentActor
      const name = input.values.name
      if (typeof name !== "string" || name.trim() === "")
        return yield* new ProjectInputInvalid({
          errors: [{ field: "values.name", message: "a project needs a name" }],
        })
      const links = yield* linksOf(actor.organizationId, input)
      const project = yield* connection.use("create a project", (api, portalId) =>
        portalErrors(
          Effect.flatMap(toWire(api, portalId, input.values), (body) =>
            options.intentKey === undefined
              ? api.createProject(portalId, { ...body, name: name.trim() })
              : intents.createOnce(api, portalId, actor.organizationId, options.intentKey, {
                  ...body,
                  name: name.trim(),
                }),
          ),
        ),
      )
      const intentKey = options.intentKey
      return yield* store(
        actor.organizationId,
        project,
        links,
        (stored) => events.publish(actor.organizationId, "project.created", { project: stored }),
        intentKey === undefined ? Effect.void : intents.complete(actor.organizationId, intentKey, project),
      )
    })

    /** `PATCH /projects/:id` (CRM id or Projects id): only the given values and links change. */
    const update = Effect.fn("ProjectWrites.update")(function* (projectId: string, patch: ProjectInput) {
      yield* allowed("edit")
      const actor = yield* CurrentActor
      const row = yield* findRow(actor.organizationId, projectId)
      const links = yield* linksOf(actor.organizationId, patch)
      const project = yield* connection.use("edit a project", (api, portalId) =>
        portalErrors(
          Effect.flatMap(toWire(api, portalId, patch.values), (body) =>
            api.updateProject(portalId, row.projectsId, body),
          ),
          projectId,
        ),
      )
      const changedFields = [
        ...Object.keys(patch.values).map((key) => `values.${key}`),
        ...Object.keys(links),
      ]
      return yield* store(actor.organizationId, project, links, (stored) =>
        events.publish(actor.organizationId, "project.updated", { project: stored, changedFields }),
      )
    })

    /** `DELETE /projects/:id`: moves the project to the portal's trash and drops it from the copy. */
    const remove = Effect.fn("ProjectWrites.delete")(function* (projectId: string) {
      yield* allowed("delete")
      const actor = yield* CurrentActor
      const row = yield* findRow(actor.organizationId, projectId)
      yield* connection.use("delete a project", (api, portalId) =>
        api.trashProject(portalId, row.projectsId).pipe(
          // Already gone from the portal: the copy catches up below.
          Effect.catchTag("ProjectsNotFound", () => Effect.void),
          portalErrors,
        ),
      )
      yield* database.transaction(
        Effect.zipRight(
          copy.removeProject(actor.organizationId, row.projectsId),
          events.publish(actor.organizationId, "project.deleted", {
            project: { id: row.id, projectsId: row.projectsId, name: row.name },
          }),
        ),
      )
    })

    return { create, update, delete: remove } as const
  }),
}) {}
