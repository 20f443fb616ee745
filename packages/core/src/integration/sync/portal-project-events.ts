/**
 * Outbound events for project changes made in the portal, not through the CRM: a webhook or a sync
 * pass (after the initial import) that creates, changes or removes a project in the CRM's copy
 * publishes `project.created`, `project.updated` (with the changed fields) or `project.deleted`, with
 * `source: "portal"`. A copy the portal sends again unchanged (the echo of a write made through the
 * CRM, which published its own event) publishes nothing: only a newer modification time counts.
 */
import { and, eq, inArray } from "drizzle-orm"
import { Effect } from "effect"
import type { OrganizationId } from "../../crm/model.js"
import { OutboundEvents } from "../../external/events/outbound-events.js"
import { Database, tables } from "../../persistence/index.js"
import { toCrmProject } from "../projects/crm-projects.js"
import type { CrmProject } from "../projects/model.js"

type ProjectRow = typeof tables.integrationProjects.$inferSelect

/** The fields of a project that differ between two copies, named as in `CrmProject`. */
export const changedProjectFields = (before: CrmProject, after: CrmProject): Array<string> => {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
  const fields = [
    "name",
    "key",
    "status",
    "projectType",
    "owner",
    "startDate",
    "endDate",
    "description",
    "percentComplete",
    "clients",
  ] as const
  const changed: Array<string> = fields.filter((field) => !same(before[field], after[field]))
  const custom = new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)])
  for (const key of [...custom].sort()) {
    if (key === "modified_time" || key === "modified_time_long" || key === "updated_by") continue
    if (!same(before.customFields[key], after.customFields[key])) changed.push(`customFields.${key}`)
  }
  return changed
}

/** Project ids of a page of the portal (bare array or in its envelope). */
export const projectIdsOf = (page: string): Array<string> => {
  try {
    const parsed: unknown = JSON.parse(page)
    const items = Array.isArray(parsed)
      ? parsed
      : typeof parsed === "object" &&
          parsed !== null &&
          Array.isArray((parsed as { projects?: unknown }).projects)
        ? ((parsed as { projects: Array<unknown> }).projects as Array<unknown>)
        : []
    return items.flatMap((item) =>
      typeof item === "object" && item !== null && typeof (item as { id?: unknown }).id === "string"
        ? [(item as { id: string }).id]
        : [],
    )
  } catch {
    return []
  }
}

export class PortalProjectEvents extends Effect.Service<PortalProjectEvents>()(
  "@app/core/integration/PortalProjectEvents",
  {
    dependencies: [OutboundEvents.Default],
    effect: Effect.gen(function* () {
      const database = yield* Database
      const events = yield* OutboundEvents
      const t = tables.integrationProjects

      /** The copy's rows of `ids`, by Projects id. */
      const rowsOf = (organizationId: OrganizationId, ids: ReadonlyArray<string>) =>
        ids.length === 0
          ? Effect.succeed(new Map<string, ProjectRow>())
          : database
              .use((db) =>
                db
                  .select()
                  .from(t)
                  .where(and(eq(t.organizationId, organizationId), inArray(t.projectsId, [...ids]))),
              )
              .pipe(Effect.map((rows) => new Map(rows.map((row) => [row.projectsId, row]))))

      /**
       * Runs `write` (which writes the projects `ids` into the copy) and publishes an event for each
       * project it created or moved forward.
       */
      const around = <A, E, R>(
        organizationId: OrganizationId,
        ids: ReadonlyArray<string>,
        write: Effect.Effect<A, E, R>,
      ) =>
        Effect.gen(function* () {
          const before = yield* rowsOf(organizationId, ids)
          const result = yield* write
          const after = yield* rowsOf(organizationId, ids)
          for (const [id, row] of after) {
            const previous = before.get(id)
            if (previous === undefined) {
              yield* events.publish(organizationId, "project.created", {
                project: toCrmProject(row),
                source: "portal",
              })
            } else if ((row.modifiedTime?.getTime() ?? 0) > (previous.modifiedTime?.getTime() ?? 0)) {
              const project = toCrmProject(row)
              yield* events.publish(organizationId, "project.updated", {
                project,
                changedFields: changedProjectFields(toCrmProject(previous), project),
                source: "portal",
              })
            }
          }
          return result
        })

      /** Publishes `project.deleted` for rows the copy no longer holds because the portal lost them. */
      const deleted = (
        organizationId: OrganizationId,
        rows: ReadonlyArray<{ readonly id: string; readonly projectsId: string; readonly name: string }>,
      ) =>
        Effect.forEach(
          rows,
          (row) =>
            events.publish(organizationId, "project.deleted", {
              project: { id: row.id, projectsId: row.projectsId, name: row.name },
              source: "portal",
            }),
          { discard: true },
        )

      return { around, deleted } as const
    }),
  },
) {}
