/**
 * A project's per-field history (SPEC §4.9): for every field, its current value and where it came
 * from — the portal in run N, or a CRM user's edit written through — and its earlier values, read
 * from the kept sync run items. Anyone who may view the project may read it.
 */
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { Database } from "../../persistence/index.js"
import { CrmProjects } from "../projects/crm-projects.js"
import type { SyncRunTrigger } from "./model.js"

export interface FieldOrigin {
  /** `portal`: a sync run brought it; `crm-edit`: a CRM user wrote it through; `undo`: an undo restored it. */
  readonly kind: "portal" | "crm-edit" | "undo"
  readonly runId: string
  readonly runNumber: number
  readonly trigger: SyncRunTrigger
  readonly at: string
  /** Who: a user's name, or "schedule" / "portal webhook". */
  readonly by: string
}

export interface FieldHistory {
  readonly field: string
  readonly value: unknown
  /** Null when no kept run says (the value predates the oldest kept run). */
  readonly origin: FieldOrigin | null
  /** Earlier values, newest first, each with where it came from. */
  readonly earlier: ReadonlyArray<{ readonly value: unknown; readonly origin: FieldOrigin | null }>
}

interface Row {
  outcome: "created" | "updated" | "removed" | "failed"
  fields: ReadonlyArray<string> | string | null
  before_doc: Record<string, unknown> | null
  after_doc: Record<string, unknown> | null
  run_id: string
  number: number | string
  trigger: SyncRunTrigger
  started_by_label: string
  at: string | Date
}

const fieldList = (fields: Row["fields"]): ReadonlyArray<string> =>
  Array.isArray(fields)
    ? fields
    : typeof fields === "string" && fields.length > 2
      ? fields.slice(1, -1).split(",")
      : []

const originOf = (row: Row): FieldOrigin => ({
  kind: row.trigger === "crm-edit" ? "crm-edit" : row.trigger === "undo" ? "undo" : "portal",
  runId: row.run_id,
  runNumber: Number(row.number),
  trigger: row.trigger,
  at: new Date(row.at).toISOString(),
  by: row.started_by_label.replace(/\s*<[^>]*>$/, ""),
})

export class ProjectHistory extends Effect.Service<ProjectHistory>()("@app/core/integration/ProjectHistory", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const projects = yield* CrmProjects

    const forProject = Effect.fn("ProjectHistory.forProject")(function* (projectId: string) {
      const project = yield* projects.get(projectId)
      const actor = yield* CurrentActor
      const [current] = yield* database.execute<{ doc: Record<string, unknown> }>(sql`
        select sync_run_doc('project', to_jsonb(p)) as doc from integration_projects p
        where organization_id = ${actor.organizationId}::uuid and projects_id = ${project.projectsId}`)
      const rows = yield* database.execute<Row>(sql`
        select i.outcome, i.fields, i.at, r.id as run_id, r.number, r.trigger, r.started_by_label,
          case when i.outcome = 'updated' then sync_run_doc('project', i.before) end as before_doc,
          case when i.outcome = 'updated' then sync_run_doc('project', i.after) end as after_doc
        from sync_run_items i join sync_runs r on r.id = i.run_id
        where i.organization_id = ${actor.organizationId}::uuid and i.entity = 'project'
          and i.entity_key = ${project.projectsId} and i.outcome in ('created', 'updated')
        order by i.id`)
      const doc = current?.doc ?? {}
      // The run that created the copy gave every field its first value.
      const created = rows.filter((row) => row.outcome === "created").at(-1)
      const fields: FieldHistory[] = Object.keys(doc)
        .sort()
        .map((field) => {
          const changes = rows.filter(
            (row) => row.outcome === "updated" && fieldList(row.fields).includes(field),
          )
          const last = changes.at(-1)
          const earlier = changes
            .map((change, index) => ({
              value: change.before_doc?.[field] ?? null,
              origin: index > 0 ? originOf(changes[index - 1] as Row) : created ? originOf(created) : null,
            }))
            .reverse()
          return {
            field,
            value: doc[field] ?? null,
            origin: last ? originOf(last) : created ? originOf(created) : null,
            earlier,
          }
        })
      return { projectId: project.id, projectsId: project.projectsId, fields }
    })

    return { forProject } as const
  }),
}) {}
