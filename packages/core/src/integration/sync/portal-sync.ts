/**
 * Importing and reconciling the portal (SPEC §4.2): one durable job kind runs a full pass — webhook
 * subscription, portal users, clients, client users, projects — checkpointing after every window of
 * pages so a crashed runner's successor resumes where it stopped. Each list is read until two reads
 * agree, and only then is what the last read did not see removed.
 * The initial import, the catch-up after a key update and the periodic reconcile are the same pass.
 */
import { randomBytes } from "node:crypto"
import { and, eq, inArray } from "drizzle-orm"
import { Clock, Effect, Option, Redacted, Schedule, Schema } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { loadActor } from "../../crm/actors.js"
import { OrganizationId } from "../../crm/model.js"
import { OutboundEvents } from "../../external/events/outbound-events.js"
import { type Job, type JobContext, JobNotRetryable, JobQueue } from "../../jobs/index.js"
import { Database, tables } from "../../persistence/index.js"
import type { ProjectsApi } from "../../projects-client/index.js"
import { Secrets } from "../../secrets/index.js"
import { ClientContacts } from "../client-mapping/client-contacts.js"
import { IntegrationConfig } from "../integration-config.js"
import type { IntegrationRow } from "../lifecycle/integration-state.js"
import { type SyncFailures, syncFailureReason } from "../model.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { type CopiedEntity, type FailedItem, PortalCopy } from "./portal-copy.js"
import { PortalProjectEvents, projectIdsOf } from "./portal-project-events.js"
import { firstRead, PAGE_WINDOW, type ReadOutcome, ReadState, readUntilStable } from "./stable-read.js"
import { webhookSecretContext } from "./webhook-inbox.js"

export const SYNC_JOB = "integration.sync"

export const SyncPayload = Schema.Struct({
  organizationId: Schema.String,
  /** The admin the pass acts for: permissions and audit entries name them. */
  actorUserId: Schema.String,
  reason: Schema.Literal("import", "catch-up", "reconcile"),
  /** The credential the pass was started for; a pass of an older association stops. */
  associationId: Schema.String,
})
export type SyncPayload = typeof SyncPayload.Type

const Phase = Schema.Literal("webhook", "portal-users", "clients", "client-users", "projects", "cleanup")
type Phase = typeof Phase.Type

const Removed = Schema.Struct({
  projects: Schema.Number,
  clients: Schema.Number,
  clientUsers: Schema.Number,
  portalUsers: Schema.Number,
})

const Checkpoint = Schema.Struct({
  passStartedAt: Schema.Number,
  phase: Phase,
  /** The current phase's read of its list. */
  list: ReadState,
  /** Projects seen by the projects phase, kept for the result. */
  projects: Schema.Number,
  removed: Removed,
  /** Lists that kept changing through every read: only what was confirmed gone was removed. */
  unsettled: Schema.Array(Schema.String),
  /** Items the database refused: the pass went on without them. */
  failed: Schema.Struct({
    count: Schema.Number,
    items: Schema.Array(
      Schema.Struct({
        list: Schema.Literal("projects", "clients", "clientUsers", "portalUsers"),
        id: Schema.String,
        name: Schema.optional(Schema.String),
        sqlstate: Schema.optional(Schema.String),
        reason: Schema.String,
      }),
    ),
  }),
})
type Checkpoint = typeof Checkpoint.Type

const PROGRESS_EVERY_MS = 1_000
/** Refused items listed in a pass's result (all are counted, and each is logged). */
const MAX_REPORTED_FAILURES = 100

const dedupeKey = (organizationId: string) => `${SYNC_JOB}:${organizationId}`

export class PortalSync extends Effect.Service<PortalSync>()("@app/core/integration/PortalSync", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const queue = yield* JobQueue
    const events = yield* OutboundEvents
    const connection = yield* PortalConnection
    const copy = yield* PortalCopy
    const projectEvents = yield* PortalProjectEvents
    const config = yield* IntegrationConfig
    const secrets = yield* Secrets
    const clientContacts = yield* ClientContacts

    /** Queues a pass for the actor's organization; at most one is queued or running at a time. */
    const enqueue = Effect.fn("PortalSync.enqueue")(function* (
      reason: SyncPayload["reason"],
      associationId: string,
    ) {
      const actor = yield* CurrentActor
      return yield* queue.enqueue({
        kind: SYNC_JOB,
        organizationId: actor.organizationId,
        payload: { organizationId: actor.organizationId, actorUserId: actor.userId, reason, associationId },
        dedupeKey: dedupeKey(actor.organizationId),
        maxAttempts: 8,
      })
    })

    /** Subscribes the portal's project events to our endpoint; a portal without webhooks relies on the reconcile. */
    const ensureWebhook = (api: ProjectsApi, portalId: string, row: IntegrationRow) =>
      Effect.gen(function* () {
        if (row.webhookId !== null) return
        const secret = randomBytes(24).toString("hex")
        const created = yield* api.createWebhook(portalId, {
          url: config.webhookUrl,
          events: ["project.created", "project.updated", "project.deleted"],
          secret: Redacted.make(secret),
        })
        const sealed = yield* secrets.encrypt(Redacted.make(secret), webhookSecretContext(row.organizationId))
        yield* database.use((db) =>
          db
            .update(tables.integrations)
            .set({ webhookId: created.id, webhookSecret: sealed })
            .where(eq(tables.integrations.organizationId, row.organizationId)),
        )
      }).pipe(
        Effect.catchTags({
          ProjectsForbidden: (error) =>
            Effect.logWarning("portal refused the webhook subscription", error.detail),
          ProjectsValidationFailed: (error) =>
            Effect.logWarning("portal has no webhook subscriptions; relying on the reconcile", error.title),
          ProjectsNotFound: () =>
            Effect.logWarning("portal has no webhook subscriptions; relying on the reconcile"),
        }),
      )

    /**
     * One list of the pass, read until two reads agree (see `stable-read.ts`), with a checkpoint
     * after every window of pages and progress at most once a second.
     */
    const stablePhase = <E1, E2>(
      context: JobContext,
      checkpoint: Checkpoint,
      total: number | null,
      fetch: (page: number) => Effect.Effect<string, E1>,
      upsert: (json: string, seenAt: Date) => Effect.Effect<number, E2>,
    ) => {
      let progressAt = 0
      return readUntilStable({
        state: checkpoint.list,
        fetch,
        upsert,
        perPage: config.syncPageSize,
        save: (list) =>
          Effect.gen(function* () {
            yield* context.checkpoint({ ...checkpoint, list })
            // Progress is for people watching: a write a second is plenty (a window takes milliseconds).
            const now = yield* Clock.currentTimeMillis
            if (now - progressAt >= PROGRESS_EVERY_MS) {
              progressAt = now
              yield* context.progress(
                list.done,
                checkpoint.phase === "projects" ? total : null,
                checkpoint.phase,
              )
            }
          }),
      })
    }

    /** One full pass for the organization of the current actor. */
    const pass = (payload: SyncPayload, context: JobContext) =>
      connection.use("sync the portal", (api, portalId, row) =>
        Effect.gen(function* () {
          if (row.associationId !== payload.associationId)
            return { skipped: "another portal is associated now" }
          const organizationId = OrganizationId.make(row.organizationId)
          const now = yield* Clock.currentTimeMillis
          let checkpoint: Checkpoint = Option.getOrElse(
            Option.flatMap(context.lastCheckpoint, Schema.decodeUnknownOption(Checkpoint)),
            () => ({
              passStartedAt: now,
              phase: "webhook" as Phase,
              list: firstRead(now),
              projects: 0,
              removed: { projects: 0, clients: 0, clientUsers: 0, portalUsers: 0 },
              unsettled: [],
              failed: { count: 0, items: [] },
            }),
          )
          const portal = yield* api.getPortal(portalId)
          const count = portal.project_count
          const total = count ? (count.active ?? 0) + (count.archived ?? 0) + (count.template ?? 0) : null
          const advance = (phase: Phase, changes: Partial<Checkpoint> = {}) =>
            Effect.gen(function* () {
              const at = yield* Clock.currentTimeMillis
              checkpoint = { ...checkpoint, ...changes, phase, list: firstRead(at) }
              yield* context.checkpoint(checkpoint)
            })
          const page = (p: number) => ({ page: p, perPage: config.syncPageSize })
          /**
           * Ends a list's phase: after a stable read its unseen rows are gone from the portal; after
           * an unsettled one, only rows the portal confirms gone by id are removed (projects), or none.
           */
          const settle = (entity: CopiedEntity, read: ReadOutcome) =>
            Effect.gen(function* () {
              const before = new Date(read.readStartedAt)
              if (read.stable && entity === "projects") {
                const gone = yield* database.transaction(
                  Effect.tap(copy.removeUnseenProjects(organizationId, before), (rows) =>
                    projectEvents.deleted(organizationId, rows),
                  ),
                )
                return gone.length
              }
              if (read.stable) return yield* copy.removeUnseenOf(entity, organizationId, before)
              yield* Effect.logWarning("the portal kept changing while its list was read").pipe(
                Effect.annotateLogs({ list: entity, reads: read.reads }),
              )
              checkpoint = { ...checkpoint, unsettled: [...checkpoint.unsettled, entity] }
              if (entity !== "projects") return 0
              const unseen = yield* copy.unseenProjectIds(organizationId, before)
              const gone = yield* Effect.forEach(
                unseen,
                (id) =>
                  api.getProject(portalId, id).pipe(
                    Effect.as(false),
                    Effect.catchTag("ProjectsNotFound", () => Effect.succeed(true)),
                    Effect.tap((isGone) =>
                      isGone
                        ? database.transaction(
                            Effect.flatMap(copy.removeProject(organizationId, id), (removed) =>
                              removed === undefined
                                ? Effect.void
                                : projectEvents.deleted(organizationId, [removed]),
                            ),
                          )
                        : copy.markProjectSeen(organizationId, id, before),
                    ),
                  ),
                { concurrency: PAGE_WINDOW },
              )
              return gone.filter(Boolean).length
            })
          // Items the database refused, found again by every read: one entry per list and id.
          const failures = new Map<string, FailedItem>(
            checkpoint.failed.items.map((item) => [`${item.list}:${item.id}`, item]),
          )
          const write = (entity: CopiedEntity, json: string, at: Date) =>
            Effect.gen(function* () {
              // After the import, projects the portal created or changed are events (`source: "portal"`).
              const writePage = copy.writePage(entity, organizationId, json, at)
              const written = yield* entity === "projects" && payload.reason !== "import"
                ? projectEvents.around(organizationId, projectIdsOf(json), writePage)
                : writePage
              for (const item of written.failed) {
                const key = `${item.list}:${item.id}`
                if (failures.has(key)) continue
                failures.set(key, item)
                yield* Effect.logWarning("an item of the portal could not be copied; the pass goes on").pipe(
                  Effect.annotateLogs({ list: item.list, id: item.id, reason: item.reason }),
                )
              }
              return written.received
            })
          const failedSoFar = () => ({
            failed: { count: failures.size, items: [...failures.values()].slice(0, MAX_REPORTED_FAILURES) },
          })
          const removed = (entity: CopiedEntity, n: number) => ({
            ...failedSoFar(),
            removed: { ...checkpoint.removed, [entity]: checkpoint.removed[entity] + n },
          })

          if (checkpoint.phase === "webhook") {
            yield* context.progress(0, null, "webhook")
            yield* ensureWebhook(api, portalId, row)
            yield* advance("portal-users")
          }
          if (checkpoint.phase === "portal-users") {
            const read = yield* stablePhase(
              context,
              checkpoint,
              total,
              (p) => api.listUsersText(portalId, { type: 1, viewType: "all", ...page(p) }),
              (json, at) => write("portalUsers", json, at),
            )
            const n = yield* settle("portalUsers", read)
            yield* advance("clients", removed("portalUsers", n))
          }
          if (checkpoint.phase === "clients") {
            const read = yield* stablePhase(
              context,
              checkpoint,
              total,
              (p) => api.listClientsText(portalId, page(p)),
              (json, at) => write("clients", json, at),
            )
            const n = yield* settle("clients", read)
            yield* advance("client-users", removed("clients", n))
          }
          if (checkpoint.phase === "client-users") {
            const read = yield* stablePhase(
              context,
              checkpoint,
              total,
              (p) => api.listUsersText(portalId, { type: 2, viewType: "all", ...page(p) }),
              (json, at) => write("clientUsers", json, at),
            )
            const n = yield* settle("clientUsers", read)
            yield* advance("projects", removed("clientUsers", n))
          }
          if (checkpoint.phase === "projects") {
            const read = yield* stablePhase(
              context,
              checkpoint,
              total,
              (p) =>
                api.listProjectsText(portalId, {
                  ...page(p),
                  status: "all",
                  sortColumn: "created_time",
                  sortOrder: "ascending",
                }),
              (json, at) => write("projects", json, at),
            )
            const n = yield* settle("projects", read)
            yield* advance("cleanup", { ...removed("projects", n), projects: read.done })
          }
          const projects = checkpoint.projects
          // Client users that arrived in this pass become contacts of mapped clients (SPEC §4.5).
          const contacts = yield* clientContacts.reconcile(api, portalId, organizationId)
          const finished = yield* Clock.currentTimeMillis
          // What this pass could not copy replaces what the last one could not: the setup page shows it.
          const syncFailures: SyncFailures = {
            at: new Date(finished).toISOString(),
            count: checkpoint.failed.count,
            items: checkpoint.failed.items.map((item) => ({
              list: item.list,
              id: item.id,
              name: item.name ?? null,
              reason: syncFailureReason(item.sqlstate),
              sqlstate: item.sqlstate ?? null,
            })),
          }
          yield* database.use((db) =>
            db
              .update(tables.integrations)
              .set({ lastSyncedAt: new Date(finished), lastSyncFailures: syncFailures })
              .where(eq(tables.integrations.organizationId, organizationId)),
          )
          yield* context.progress(projects, projects, "done")
          const outcome = {
            reason: payload.reason,
            projects,
            removed: checkpoint.removed,
            contacts,
            // Said even when 0: a pass that left items out must not read as a clean one.
            failed: checkpoint.failed,
            ...(checkpoint.unsettled.length > 0 ? { unsettled: checkpoint.unsettled } : {}),
          }
          yield* events.publish(organizationId, "sync.finished", outcome)
          return outcome
        }),
      )

    /** The job handler: acts as the admin who started the pass; state failures end the job at once. */
    const handle = (job: Job, context: JobContext) =>
      Effect.gen(function* () {
        const payload = yield* Schema.decodeUnknown(SyncPayload)(job.payload).pipe(
          Effect.mapError(
            () => new JobNotRetryable({ tag: "PayloadInvalid", reason: "sync payload is not valid" }),
          ),
        )
        const actor = yield* loadActor(payload.actorUserId, "system")
        if (Option.isNone(actor)) {
          return yield* new JobNotRetryable({
            tag: "ActorGone",
            reason: "the admin who started the sync is no longer active",
          })
        }
        return yield* pass(payload, context).pipe(
          Effect.provideService(CurrentActor, actor.value),
          Effect.catchTags({
            IntegrationKeyInvalid: (e) =>
              Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
            TrialExpired: (e) => Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
            IntegrationStateConflict: (e) =>
              Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
          }),
        )
      })

    /** Queues a reconcile pass for every active integration (dedupe keeps it to one per organization). */
    const enqueueReconciles = Effect.gen(function* () {
      const rows = yield* database.use((db) =>
        db
          .select({
            organizationId: tables.integrations.organizationId,
            associationId: tables.integrations.associationId,
            associatedBy: tables.integrations.associatedBy,
          })
          .from(tables.integrations)
          .where(and(inArray(tables.integrations.status, ["active"]))),
      )
      for (const row of rows) {
        if (row.associationId === null || row.associatedBy === null) continue
        yield* queue.enqueue({
          kind: SYNC_JOB,
          organizationId: row.organizationId,
          payload: {
            organizationId: row.organizationId,
            actorUserId: row.associatedBy,
            reason: "reconcile",
            associationId: row.associationId,
          } satisfies SyncPayload,
          dedupeKey: dedupeKey(row.organizationId),
          maxAttempts: 8,
        })
      }
      return rows.length
    })

    /** Runs `enqueueReconciles` every `RECONCILE_INTERVAL` for as long as the scope lives. */
    const scheduleReconciles = enqueueReconciles.pipe(
      Effect.catchAll((error) => Effect.logWarning("could not queue reconcile passes", error.message)),
      Effect.repeat(Schedule.spaced(config.reconcileEvery)),
      Effect.delay(config.reconcileEvery),
    )

    return { enqueue, handle, enqueueReconciles, scheduleReconciles } as const
  }),
}) {}
