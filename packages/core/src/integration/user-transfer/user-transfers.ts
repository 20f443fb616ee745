/**
 * User transfer (SPEC §4.4, seed: "tous les utilisateurs CRM correspondant aux différents profils sont
 * automatiquement transférés … le rôle … est défini sur « employés ». Si des utilisateurs CRM existent
 * déjà …, leurs rôles restent inchangés"). A durable job adds every active user of a profile with any
 * box ticked as Employee, leaves anyone already in the portal (same email, any case) as they are, and
 * reports each user. The CRM never removes anyone from the portal.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm"
import { Clock, Effect, Option, Schema } from "effect"
import { CurrentActor, requireAdmin } from "../../crm/actor.js"
import { loadActor } from "../../crm/actors.js"
import { OrganizationId } from "../../crm/model.js"
import type { UserChange } from "../../crm/user-changes.js"
import { type Job, type JobContext, JobNotRetryable, JobQueue } from "../../jobs/index.js"
import { jobs } from "../../jobs/rows.js"
import { Database, tables } from "../../persistence/index.js"
import type { PortalUser, ProjectsApi } from "../../projects-client/index.js"
import { eligibleProfileIds } from "../permissions/profile-sets.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { PortalCopy } from "../sync/portal-copy.js"
import {
  type TransferItem,
  type TransferOutcome,
  TransferPayload,
  type TransferReport,
  type TransferRun,
  TransferRunNotFound,
  type TransferTrigger,
  USER_TRANSFER_JOB,
} from "./model.js"

const runs = tables.integrationUserTransfers
const items = tables.integrationUserTransferItems

/** "Ada Lovelace" → first "Ada", last "Lovelace"; one word is a last name (the portal requires one). */
export const splitName = (name: string) => {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0)
  const last = words.pop() ?? name.trim()
  return words.length > 0 ? { first_name: words.join(" "), last_name: last } : { last_name: last }
}

interface CrmUserRow {
  readonly id: string
  readonly email: string
  readonly name: string
}

const changeTriggers: Record<UserChange["_tag"], TransferTrigger> = {
  UserCreated: "user_created",
  UserReprofiled: "user_reprofiled",
  UserReactivated: "user_reactivated",
}

export class UserTransfers extends Effect.Service<UserTransfers>()("@app/core/integration/UserTransfers", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const queue = yield* JobQueue
    const connection = yield* PortalConnection
    const copy = yield* PortalCopy

    /** Records a run and queues its job, in the caller's transaction. */
    const start = (
      organizationId: OrganizationId,
      trigger: TransferTrigger,
      userIds: ReadonlyArray<string> | null,
      requestedBy: string | null,
    ) =>
      database.transaction(
        Effect.gen(function* () {
          const now = new Date(yield* Clock.currentTimeMillis)
          const [run] = yield* database.use((db) =>
            db
              .insert(runs)
              .values({ organizationId, trigger, userIds, requestedBy, createdAt: now })
              .returning(),
          )
          if (run === undefined) return yield* Effect.die("insert returned no transfer run")
          const job = yield* queue.enqueue({
            kind: USER_TRANSFER_JOB,
            organizationId,
            payload: { organizationId, runId: run.id },
          })
          yield* database.use((db) => db.update(runs).set({ jobId: job.id }).where(eq(runs.id, run.id)))
          return { runId: run.id, jobId: job.id }
        }),
      )

    /**
     * The `UserChanges` handler: a user created, re-profiled or re-activated into a profile with any
     * box ticked, while a portal is associated, is transferred by a job queued in the same transaction.
     */
    const onUserChange = (change: UserChange) =>
      Effect.gen(function* () {
        const user = change.user
        if (!user.active) return
        const [integration] = yield* database.use((db) =>
          db
            .select({ status: tables.integrations.status })
            .from(tables.integrations)
            .where(eq(tables.integrations.organizationId, user.organizationId)),
        )
        if (
          integration === undefined ||
          (integration.status !== "active" && integration.status !== "key_invalid")
        )
          return
        const eligible = yield* eligibleProfileIds(user.organizationId)
        if (!eligible.includes(user.profileId)) return
        // Moving between two eligible profiles changes nothing in the portal.
        if (change._tag === "UserReprofiled" && eligible.includes(change.previousProfileId)) return
        yield* start(user.organizationId, changeTriggers[change._tag], [user.id], null)
      }).pipe(Effect.provideService(Database, database))

    const record = (
      runId: string,
      user: CrmUserRow,
      outcome: TransferOutcome,
      role: string | null,
      reason: string | null,
    ) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        database.use((db) =>
          db
            .insert(items)
            .values({
              runId,
              userId: user.id,
              email: user.email,
              name: user.name,
              outcome,
              role,
              reason,
              at: new Date(now),
            })
            .onConflictDoNothing(),
        ),
      )

    const remember = (organizationId: OrganizationId, member: PortalUser) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        copy.upsertPortalUsers(organizationId, JSON.stringify([member]), new Date(now)),
      )

    /** One user: already there (any role, kept) or added as Employee; a refusal is reported, not retried. */
    const transferOne = (
      api: ProjectsApi,
      portalId: string,
      organizationId: OrganizationId,
      runId: string,
      user: CrmUserRow,
    ) =>
      Effect.gen(function* () {
        const present = yield* api.findUserByEmail(portalId, user.email)
        if (Option.isSome(present)) {
          yield* remember(organizationId, present.value)
          return yield* record(runId, user, "already_present", present.value.role?.name ?? null, null)
        }
        const added = yield* api
          .addUser(portalId, { email: user.email, role: "Employee", ...splitName(user.name) })
          .pipe(
            Effect.map((member) => ({ _tag: "Added" as const, member })),
            Effect.catchTags({
              ProjectsValidationFailed: (e) =>
                Effect.succeed(
                  e.status === 409
                    ? { _tag: "Present" as const }
                    : {
                        _tag: "Refused" as const,
                        reason:
                          e.fields.length > 0
                            ? e.fields.map((f) => `${f.field}: ${f.message}`).join("; ")
                            : e.detail,
                      },
                ),
              ProjectsForbidden: (e) => Effect.succeed({ _tag: "Refused" as const, reason: e.detail }),
            }),
          )
        switch (added._tag) {
          case "Added":
            yield* remember(organizationId, added.member)
            return yield* record(runId, user, "transferred", added.member.role?.name ?? "Employee", null)
          case "Present": {
            // Added meanwhile, or listed under another case of the email: its role stays as it is.
            const member = yield* api.findUserByEmail(portalId, user.email)
            return yield* record(
              runId,
              user,
              "already_present",
              Option.getOrNull(member)?.role?.name ?? null,
              null,
            )
          }
          case "Refused":
            return yield* record(runId, user, "failed", null, added.reason)
        }
      })

    /** Transfers the run's users not yet reported (a retried job resumes where it stopped). */
    const transferRun = (run: typeof runs.$inferSelect, context: JobContext) =>
      Effect.gen(function* () {
        const organizationId = OrganizationId.make(run.organizationId)
        const eligible = yield* eligibleProfileIds(organizationId)
        const u = tables.crmUsers
        const users =
          eligible.length === 0
            ? []
            : yield* database.use((db) =>
                db
                  .select({ id: u.id, email: u.email, name: u.name })
                  .from(u)
                  .where(
                    and(
                      eq(u.organizationId, organizationId),
                      eq(u.active, true),
                      inArray(u.profileId, eligible),
                      run.userIds === null ? undefined : inArray(u.id, [...run.userIds]),
                    ),
                  )
                  .orderBy(u.email),
              )
        const reported = new Set(
          (yield* database.use((db) =>
            db.select({ email: items.email }).from(items).where(eq(items.runId, run.id)),
          )).map((i) => i.email.toLowerCase()),
        )
        const todo = users.filter((user) => !reported.has(user.email.toLowerCase()))
        let done = users.length - todo.length
        yield* context.progress(done, users.length, "transferring")
        if (todo.length > 0) {
          yield* connection.use("transfer users to the portal", (api, portalId) =>
            Effect.forEach(
              todo,
              (user) =>
                Effect.zipRight(
                  transferOne(api, portalId, organizationId, run.id, user),
                  Effect.suspend(() => context.progress(++done, users.length, "transferring")),
                ),
              { discard: true },
            ),
          )
        }
        const now = new Date(yield* Clock.currentTimeMillis)
        yield* database.use((db) => db.update(runs).set({ finishedAt: now }).where(eq(runs.id, run.id)))
        return yield* countsOf(run.id)
      })

    const countsOf = (runId: string) =>
      Effect.map(
        database.use((db) =>
          db
            .select({ outcome: items.outcome, n: sql<number>`count(*)::int` })
            .from(items)
            .where(eq(items.runId, runId))
            .groupBy(items.outcome),
        ),
        (rows) => {
          const n = (outcome: TransferOutcome) => rows.find((r) => r.outcome === outcome)?.n ?? 0
          return { transferred: n("transferred"), alreadyPresent: n("already_present"), failed: n("failed") }
        },
      )

    /** Who the job acts as: who saved the permissions, else the admin who associated the portal, else any admin. */
    const actorFor = (run: typeof runs.$inferSelect) =>
      Effect.gen(function* () {
        const [integration] = yield* database.use((db) =>
          db
            .select({ associatedBy: tables.integrations.associatedBy })
            .from(tables.integrations)
            .where(eq(tables.integrations.organizationId, run.organizationId)),
        )
        const [admin] = yield* database.use((db) =>
          db
            .select({ id: tables.crmUsers.id })
            .from(tables.crmUsers)
            .innerJoin(tables.crmProfiles, eq(tables.crmProfiles.id, tables.crmUsers.profileId))
            .where(
              and(
                eq(tables.crmUsers.organizationId, run.organizationId),
                eq(tables.crmUsers.active, true),
                eq(tables.crmProfiles.isAdmin, true),
              ),
            )
            .orderBy(tables.crmUsers.createdAt)
            .limit(1),
        )
        for (const id of [run.requestedBy, integration?.associatedBy, admin?.id]) {
          if (id === null || id === undefined) continue
          const actor = yield* loadActor(id, "system")
          if (Option.isSome(actor)) return actor.value
        }
        return yield* new JobNotRetryable({ tag: "NoActor", reason: "no active administrator to act for" })
      }).pipe(Effect.provideService(Database, database))

    /** The job handler (kind `integration.user-transfer`). */
    const handle = (job: Job, context: JobContext) =>
      Effect.gen(function* () {
        const payload = yield* Schema.decodeUnknown(TransferPayload)(job.payload).pipe(
          Effect.mapError(
            () =>
              new JobNotRetryable({ tag: "PayloadInvalid", reason: "user transfer payload is not valid" }),
          ),
        )
        const [run] = yield* database.use((db) =>
          db
            .select()
            .from(runs)
            .where(and(eq(runs.id, payload.runId), eq(runs.organizationId, payload.organizationId))),
        )
        if (run === undefined)
          return yield* new JobNotRetryable({ tag: "RunMissing", reason: "the transfer run is gone" })
        const actor = yield* actorFor(run)
        return yield* transferRun(run, context).pipe(
          Effect.provideService(CurrentActor, actor),
          Effect.provideService(Database, database),
          Effect.catchTags({
            IntegrationKeyInvalid: (e) =>
              Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
            TrialExpired: (e) => Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
            IntegrationStateConflict: (e) =>
              Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
          }),
        )
      })

    const toRun = (
      row: typeof runs.$inferSelect,
      status: string | null,
      counts: TransferRun["counts"],
    ): TransferRun => ({
      id: row.id,
      jobId: row.jobId,
      trigger: row.trigger,
      status: status ?? (row.finishedAt ? "succeeded" : "cancelled"),
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      counts,
    })

    const count = (outcome: TransferOutcome) =>
      sql<number>`(select count(*)::int from ${items} where ${items.runId} = ${runs.id} and ${items.outcome} = ${outcome})`

    /** `GET /integration/user-transfers`: the latest runs, newest first, with their counts (admins). */
    const transfers = Effect.fn("UserTransfers.transfers")(function* (
      options: { readonly limit?: number } = {},
    ) {
      const actor = yield* requireAdmin("read the user transfers")
      const limit = Math.min(Math.max(options.limit ?? 20, 1), 100)
      const rows = yield* database.use((db) =>
        db
          .select({
            run: runs,
            status: jobs.status,
            transferred: count("transferred"),
            alreadyPresent: count("already_present"),
            failed: count("failed"),
          })
          .from(runs)
          .leftJoin(jobs, eq(jobs.id, runs.jobId))
          .where(eq(runs.organizationId, actor.organizationId))
          .orderBy(desc(runs.createdAt), desc(runs.id))
          .limit(limit),
      )
      return rows.map((r) =>
        toRun(r.run, r.status, {
          transferred: r.transferred,
          alreadyPresent: r.alreadyPresent,
          failed: r.failed,
        }),
      )
    })

    /** `GET /integration/user-transfers/:id`: one run and its report, user by user (admins). */
    const transfer = Effect.fn("UserTransfers.transfer")(function* (runId: string) {
      const actor = yield* requireAdmin("read the user transfers")
      if (!Schema.is(Schema.UUID)(runId)) return yield* new TransferRunNotFound({ runId })
      const [row] = yield* database.use((db) =>
        db
          .select({ run: runs, status: jobs.status })
          .from(runs)
          .leftJoin(jobs, eq(jobs.id, runs.jobId))
          .where(and(eq(runs.id, runId), eq(runs.organizationId, actor.organizationId))),
      )
      if (row === undefined) return yield* new TransferRunNotFound({ runId })
      const lines = yield* database.use((db) =>
        db.select().from(items).where(eq(items.runId, runId)).orderBy(items.at, items.email),
      )
      const report: TransferReport = {
        run: toRun(row.run, row.status, yield* countsOf(runId)),
        items: lines.map(
          (i): TransferItem => ({
            userId: i.userId,
            email: i.email,
            name: i.name,
            outcome: i.outcome,
            role: i.role,
            reason: i.reason,
            at: i.at.toISOString(),
          }),
        ),
      }
      return report
    })

    return { start, onUserChange, handle, transfers, transfer } as const
  }),
}) {}
