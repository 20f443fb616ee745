/**
 * Dedupe of project creates written through to the portal. Projects has no idempotency key, so a
 * create made under one of ours is first recorded (committed) with its name and time; a retry of a
 * create that never stored its answer looks in the portal for the project that create made — same
 * name (unique per portal), created since the intent — before creating again. See docs/decisions/0015.
 */
import { and, eq, isNotNull } from "drizzle-orm"
import { Clock, Effect, Option } from "effect"
import { Database } from "../../persistence/database.js"
import { projectCreateIntents } from "../../persistence/tables/index.js"
import type { Project, ProjectsApi, ProjectWrite } from "../../projects-client/index.js"

// The portal's clock and ours may disagree; a project stamped this much before the intent still counts.
const CLOCK_SKEW_MS = 5 * 60_000

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

export class ProjectCreateIntents extends Effect.Service<ProjectCreateIntents>()(
  "@app/core/integration/ProjectCreateIntents",
  {
    effect: Effect.gen(function* () {
      const database = yield* Database
      const t = projectCreateIntents
      const keyOf = (organizationId: string, intentKey: string) =>
        and(eq(t.organizationId, organizationId), eq(t.intentKey, intentKey))

      /** The project an earlier attempt of this intent made in the portal, if it made one. */
      const madeBefore = (api: ProjectsApi, intent: typeof t.$inferSelect) =>
        Effect.gen(function* () {
          if (intent.projectsId !== null)
            return Option.some(yield* api.getProject(intent.portalId, intent.projectsId))
          const claimed = yield* database.use((db) =>
            db
              .select({ projectsId: t.projectsId })
              .from(t)
              .where(and(eq(t.organizationId, intent.organizationId), isNotNull(t.projectsId))),
          )
          const taken = new Set(claimed.map((row) => row.projectsId))
          const since = intent.startedAt.getTime() - CLOCK_SKEW_MS
          const found = yield* api.listProjects(intent.portalId, { searchTerm: intent.name, status: "all" })
          const candidates = found
            .filter((p) => sameName(p.name, intent.name) && !taken.has(p.id))
            .filter((p) => p.created_time === undefined || Date.parse(p.created_time) >= since)
          return Option.fromNullable(candidates[0])
        })

      /**
       * Creates `body` in the portal once per (organization, intent key): an earlier attempt's project is
       * returned instead of a second one. The intent is committed before the portal is called.
       */
      const createOnce = Effect.fn("ProjectCreateIntents.createOnce")(function* (
        api: ProjectsApi,
        portalId: string,
        organizationId: string,
        intentKey: string,
        body: ProjectWrite & { readonly name: string },
      ) {
        const [existing] = yield* database.use((db) =>
          db.select().from(t).where(keyOf(organizationId, intentKey)),
        )
        if (existing !== undefined && existing.portalId === portalId) {
          const earlier = yield* madeBefore(api, existing)
          if (Option.isSome(earlier)) return earlier.value
          return yield* api.createProject(portalId, body)
        }
        const startedAt = new Date(yield* Clock.currentTimeMillis)
        // Another portal (the integration was associated again): this intent starts over there.
        yield* database.use((db) =>
          db
            .insert(t)
            .values({ organizationId, intentKey, portalId, name: body.name, startedAt })
            .onConflictDoUpdate({
              target: [t.organizationId, t.intentKey],
              set: { portalId, name: body.name, startedAt, projectsId: null },
            }),
        )
        return yield* api.createProject(portalId, body)
      })

      /** Records which project the intent made; called in the transaction that stores it. */
      const complete = Effect.fn("ProjectCreateIntents.complete")(function* (
        organizationId: string,
        intentKey: string,
        project: Project,
      ) {
        yield* database.use((db) =>
          db.update(t).set({ projectsId: project.id }).where(keyOf(organizationId, intentKey)),
        )
      })

      return { createOnce, complete } as const
    }),
  },
) {}
