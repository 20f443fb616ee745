/**
 * Importing and reconciling the portal (SPEC §4.2): one durable job kind runs a full pass — webhook
 * subscription, portal users, clients, client users, projects — checkpointing after every page so a
 * crashed runner's successor resumes where it stopped, then removes what the pass did not see.
 * The initial import, the catch-up after a key update and the periodic reconcile are the same pass.
 */
import { randomBytes } from "node:crypto"
import { and, eq, inArray } from "drizzle-orm"
import { Clock, Effect, Option, Redacted, Schedule, Schema } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { loadActor } from "../../crm/actors.js"
import type { OrganizationId } from "../../crm/model.js"
import { OutboundEvents } from "../../external/events/outbound-events.js"
import { type Job, type JobContext, JobNotRetryable, JobQueue } from "../../jobs/index.js"
import { Database, tables } from "../../persistence/index.js"
import type { ProjectsApi } from "../../projects-client/index.js"
import { Secrets } from "../../secrets/index.js"
import { ClientContacts } from "../client-mapping/client-contacts.js"
import { IntegrationConfig } from "../integration-config.js"
import type { IntegrationRow } from "../lifecycle/integration-state.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { PortalCopy } from "./portal-copy.js"
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

const Checkpoint = Schema.Struct({
  passStartedAt: Schema.Number,
  phase: Phase,
  page: Schema.Number,
  /** Objects seen so far by the current phase. */
  done: Schema.Number,
  /** Projects seen by the projects phase, kept for the result. */
  projects: Schema.Number,
})
type Checkpoint = typeof Checkpoint.Type

/** Pages fetched and upserted at once: the service answers in parallel, PostgreSQL upserts in parallel. */
const PAGE_WINDOW = 4
const PROGRESS_EVERY_MS = 1_000
const PER_PAGE = 200

const dedupeKey = (organizationId: string) => `${SYNC_JOB}:${organizationId}`

export class PortalSync extends Effect.Service<PortalSync>()("@app/core/integration/PortalSync", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const queue = yield* JobQueue
    const events = yield* OutboundEvents
    const connection = yield* PortalConnection
    const copy = yield* PortalCopy
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
     * One phase of the pass: pages fetched `PAGE_WINDOW` at a time and upserted as they arrive, a
     * checkpoint after every window; the first page holding fewer than `PER_PAGE` objects was the last.
     */
    const windowedPhase = <E1, E2>(
      context: JobContext,
      checkpoint: Checkpoint,
      total: number | null,
      fetch: (page: number) => Effect.Effect<string, E1>,
      upsert: (json: string, seenAt: Date) => Effect.Effect<number, E2>,
    ) =>
      Effect.gen(function* () {
        let page = checkpoint.page
        let done = checkpoint.done
        let progressAt = 0
        const seenAt = new Date(checkpoint.passStartedAt)
        for (;;) {
          const window = Array.from({ length: PAGE_WINDOW }, (_, i) => page + i)
          const counts = yield* Effect.forEach(
            window,
            (p) => Effect.flatMap(fetch(p), (json) => upsert(json, seenAt)),
            { concurrency: PAGE_WINDOW },
          )
          done += counts.reduce((a, b) => a + b, 0)
          page += PAGE_WINDOW
          yield* context.checkpoint({ ...checkpoint, page, done })
          const last = counts.some((n) => n < PER_PAGE)
          // Progress is for people watching: a write a second is plenty (a window takes milliseconds).
          const now = yield* Clock.currentTimeMillis
          if (last || now - progressAt >= PROGRESS_EVERY_MS) {
            progressAt = now
            yield* context.progress(done, checkpoint.phase === "projects" ? total : null, checkpoint.phase)
          }
          if (last) return done
        }
      })

    /** One full pass for the organization of the current actor. */
    const pass = (payload: SyncPayload, context: JobContext) =>
      connection.use("sync the portal", (api, portalId, row) =>
        Effect.gen(function* () {
          if (row.associationId !== payload.associationId)
            return { skipped: "another portal is associated now" }
          const organizationId = row.organizationId as OrganizationId
          const now = yield* Clock.currentTimeMillis
          let checkpoint: Checkpoint = Option.getOrElse(
            Option.flatMap(context.lastCheckpoint, Schema.decodeUnknownOption(Checkpoint)),
            () => ({ passStartedAt: now, phase: "webhook" as Phase, page: 1, done: 0, projects: 0 }),
          )
          const portal = yield* api.getPortal(portalId)
          const count = portal.project_count
          const total = count ? (count.active ?? 0) + (count.archived ?? 0) + (count.template ?? 0) : null
          const seenAt = () => new Date(checkpoint.passStartedAt)
          const advance = (phase: Phase, projects = checkpoint.projects) =>
            Effect.tap(
              Effect.sync(() => (checkpoint = { ...checkpoint, phase, page: 1, done: 0, projects })),
              () => context.checkpoint(checkpoint),
            )
          const page = (p: number) => ({ page: p, perPage: PER_PAGE })

          if (checkpoint.phase === "webhook") {
            yield* context.progress(0, null, "webhook")
            yield* ensureWebhook(api, portalId, row)
            yield* advance("portal-users")
          }
          if (checkpoint.phase === "portal-users") {
            yield* windowedPhase(
              context,
              checkpoint,
              total,
              (p) => api.listUsersText(portalId, { type: 1, viewType: "all", ...page(p) }),
              (json, at) => copy.upsertPortalUsers(organizationId, json, at),
            )
            yield* advance("clients")
          }
          if (checkpoint.phase === "clients") {
            yield* windowedPhase(
              context,
              checkpoint,
              total,
              (p) => api.listClientsText(portalId, page(p)),
              (json, at) => copy.upsertClients(organizationId, json, at),
            )
            yield* advance("client-users")
          }
          if (checkpoint.phase === "client-users") {
            yield* windowedPhase(
              context,
              checkpoint,
              total,
              (p) => api.listUsersText(portalId, { type: 2, viewType: "all", ...page(p) }),
              (json, at) => copy.upsertClientUsers(organizationId, json, at),
            )
            yield* advance("projects")
          }
          if (checkpoint.phase === "projects") {
            const projects = yield* windowedPhase(
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
              (json, at) => copy.upsertProjects(organizationId, json, at),
            )
            yield* advance("cleanup", projects)
          }
          const projects = checkpoint.projects
          const removed = yield* copy.removeUnseen(organizationId, seenAt())
          // Client users that arrived in this pass become contacts of mapped clients (SPEC §4.5).
          const contacts = yield* clientContacts.reconcile(api, portalId, organizationId)
          const finished = yield* Clock.currentTimeMillis
          yield* database.use((db) =>
            db
              .update(tables.integrations)
              .set({ lastSyncedAt: new Date(finished) })
              .where(eq(tables.integrations.organizationId, organizationId)),
          )
          yield* context.progress(projects, projects, "done")
          yield* events.publish(organizationId, "sync.finished", {
            reason: payload.reason,
            projects,
            removed,
            contacts,
          })
          return { reason: payload.reason, projects, removed, contacts }
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
