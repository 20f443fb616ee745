/**
 * A project's progress as the CRM user sees it without leaving the CRM: its open tasks and issues and
 * its milestones, read live from the portal (task and issue changes send no project event, so the copy's
 * counts only move at the next sync). The fresh project is written back to the copy on the way, so the
 * Projects tab shows the same counts once the page has been opened.
 */
import { and, eq } from "drizzle-orm"
import { Clock, Effect, Schema } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { Database, tables } from "../../persistence/index.js"
import { ProjectFromWire } from "../../projects-client/index.js"
import { ProjectsUnreachable } from "../errors.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { ProjectPermissions } from "../permissions/project-permissions.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { PortalCopy } from "../sync/portal-copy.js"
import { workOf } from "./crm-projects.js"
import { CrmProjectNotFound, type ProjectProgressView } from "./model.js"

const encodeProject = Schema.encodeSync(ProjectFromWire)
const isUuid = Schema.is(Schema.UUID)

export class ProjectProgress extends Effect.Service<ProjectProgress>()(
  "@app/core/integration/ProjectProgress",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database
      const connection = yield* PortalConnection
      const state = yield* IntegrationState
      const permissions = yield* ProjectPermissions
      const copy = yield* PortalCopy
      const t = tables.integrationProjects

      /** `GET /projects/:id/progress`: users who may view projects. */
      const read = Effect.fn("ProjectProgress.read")(function* (projectId: string) {
        yield* state.requireActive("show projects")
        yield* permissions.require("view")
        const actor = yield* CurrentActor
        const [row] = yield* database.use((db) =>
          db
            .select({ projectsId: t.projectsId })
            .from(t)
            .where(
              and(
                eq(t.organizationId, actor.organizationId),
                isUuid(projectId) ? eq(t.id, projectId) : eq(t.projectsId, projectId),
              ),
            ),
        )
        if (row === undefined) return yield* new CrmProjectNotFound({ projectId })
        const { project, milestones } = yield* connection
          .use("show the project's progress", (api, portalId) =>
            Effect.all(
              {
                project: api.getProject(portalId, row.projectsId),
                milestones: api.listAllMilestones(portalId, row.projectsId),
              },
              { concurrency: 2 },
            ),
          )
          .pipe(
            Effect.catchTags({
              ProjectsNotFound: () => Effect.fail(new CrmProjectNotFound({ projectId })),
              ProjectsUnavailable: (e) => Effect.fail(new ProjectsUnreachable({ reason: e.message })),
            }),
          )
        const now = new Date(yield* Clock.currentTimeMillis)
        yield* copy.upsertProjects(actor.organizationId, JSON.stringify([encodeProject(project)]), now)
        const view: ProjectProgressView = {
          projectId,
          work: workOf(project.tasks, project.issues, project.milestones),
          milestones: milestones.map((m) => ({
            id: m.id,
            name: m.name,
            status: m.status ?? null,
            completed: m.is_completed ?? m.status === "completed",
            owner: m.owner?.full_name ?? m.owner?.name ?? m.owner?.email ?? null,
            startDate: m.start_date ?? null,
            endDate: m.end_date ?? null,
          })),
          readAt: now.toISOString(),
        }
        return view
      })

      return { read } as const
    }),
  },
) {}
