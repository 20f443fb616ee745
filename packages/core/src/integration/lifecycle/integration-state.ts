/**
 * The integration's state machine (SPEC §4.1, §4.7, §4.8): not enabled → setting up → active ⇄ key
 * invalid; trial expired (derived: free edition past its 15 days); deactivated → setting up again.
 * Every transition is audited in the same transaction as the change.
 */
import { eq, sql } from "drizzle-orm"
import { Clock, Effect, Option, Schema } from "effect"
import { CurrentActor, requireAdmin } from "../../crm/actor.js"
import { loadActor } from "../../crm/actors.js"
import type { OrganizationId } from "../../crm/model.js"
import { Database, makeOrganizationCache, tables } from "../../persistence/index.js"
import { AuditLog } from "../audit/audit-log.js"
import { IntegrationKeyInvalid, IntegrationStateConflict, TrialExpired } from "../errors.js"
import {
  type IntegrationStatus,
  type IntegrationView,
  SyncFailures,
  statusMessages,
  TRIAL_DAYS,
} from "../model.js"

const decodeFailures = Schema.decodeUnknownOption(SyncFailures)

const DAY_MS = 86_400_000

export type IntegrationRow = typeof tables.integrations.$inferSelect

/** The status users see: the stored one, unless a free edition's trial has run out. */
export const effectiveStatus = (
  row: IntegrationRow | undefined,
  edition: string,
  now: number,
): IntegrationStatus => {
  if (row === undefined) return "not_enabled"
  const stored = row.status
  if (stored === "deactivated") return stored
  if (edition === "free" && row.trialEndsAt !== null && row.trialEndsAt.getTime() <= now)
    return "trial_expired"
  return stored
}

export const toView = (row: IntegrationRow | undefined, edition: string, now: number): IntegrationView => {
  const status = effectiveStatus(row, edition, now)
  const trial =
    edition === "free" && row?.trialStartedAt && row.trialEndsAt
      ? {
          startedAt: row.trialStartedAt.toISOString(),
          endsAt: row.trialEndsAt.toISOString(),
          daysLeft: Math.max(0, Math.ceil((row.trialEndsAt.getTime() - now) / DAY_MS)),
          expired: row.trialEndsAt.getTime() <= now,
        }
      : null
  const bound = row !== undefined && row.status !== "deactivated"
  return {
    status,
    trial,
    portal: bound && row.portalId && row.portalName ? { id: row.portalId, name: row.portalName } : null,
    credential:
      bound && row.credentialKind && row.credentialEmail
        ? { kind: row.credentialKind, email: row.credentialEmail }
        : null,
    steps: {
      portal: bound && row.portalId !== null,
      fieldMapping: bound && row.fieldMappingSavedAt !== null,
      permissions: bound && row.permissionsSavedAt !== null,
      clientMapping: bound ? row.clientMapping : "pending",
    },
    lastSyncedAt: bound && row.lastSyncedAt ? row.lastSyncedAt.toISOString() : null,
    syncFailures: bound ? Option.getOrNull(decodeFailures(row.lastSyncFailures)) : null,
    message: statusMessages[status],
  }
}

/** A compact before/after for the audit log: never credentials. */
const auditState = (row: IntegrationRow | undefined) =>
  row === undefined
    ? { status: "not_enabled" }
    : {
        status: row.status,
        portal: row.portalId ? { id: row.portalId, name: row.portalName } : null,
        credential: row.credentialKind ? { kind: row.credentialKind, email: row.credentialEmail } : null,
        clientMapping: row.clientMapping,
        trialEndsAt: row.trialEndsAt?.toISOString() ?? null,
      }

export class IntegrationState extends Effect.Service<IntegrationState>()(
  "@app/core/integration/IntegrationState",
  {
    dependencies: [AuditLog.Default],
    effect: Effect.gen(function* () {
      const database = yield* Database
      const audit = yield* AuditLog

      // Every request of the Projects tab reads the state: kept in process, dropped on any change.
      const cache = yield* makeOrganizationCache<{ row: IntegrationRow | undefined; edition: string }>({
        ttl: "30 seconds",
      })

      const load = (organizationId: OrganizationId, lock = false) =>
        lock
          ? read(organizationId, true)
          : cache.get(organizationId, read(organizationId, false), () => organizationId)

      const read = (organizationId: OrganizationId, lock: boolean) =>
        database
          .use((db) => {
            const query = db
              .select({ integration: tables.integrations, edition: tables.organizations.edition })
              .from(tables.organizations)
              .leftJoin(tables.integrations, eq(tables.integrations.organizationId, tables.organizations.id))
              .where(eq(tables.organizations.id, organizationId))
            return lock ? query.for("update", { of: tables.organizations }) : query
          })
          .pipe(
            Effect.map((rows) => ({
              row: rows[0]?.integration ?? undefined,
              edition: rows[0]?.edition ?? "free",
            })),
          )

      /** Reads the integration of the actor's organization, locked for the rest of the transaction. */
      const current = Effect.fn("IntegrationState.current")(function* (options?: { lock?: boolean }) {
        const actor = yield* CurrentActor
        const now = yield* Clock.currentTimeMillis
        const loaded = yield* load(actor.organizationId, options?.lock ?? false)
        return { ...loaded, now, status: effectiveStatus(loaded.row, loaded.edition, now) }
      })

      /** The failed items of the last pass name portal users and clients: administrators only. */
      const view = Effect.fn("IntegrationState.view")(function* () {
        const actor = yield* CurrentActor
        const { row, edition, now } = yield* current()
        const shown = toView(row, edition, now)
        return actor.isAdmin ? shown : { ...shown, syncFailures: null }
      })

      const update = (
        organizationId: OrganizationId,
        values: Partial<typeof tables.integrations.$inferInsert>,
      ) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          database.use((db) =>
            db
              .update(tables.integrations)
              .set({ ...values, updatedAt: new Date(now) })
              .where(eq(tables.integrations.organizationId, organizationId))
              .returning(),
          ),
        ).pipe(Effect.map((rows) => rows[0]))

      /**
       * Get Started: admins only. A free edition's trial starts at the first enable and never restarts;
       * enabling an enabled integration changes nothing.
       */
      const enable = Effect.fn("IntegrationState.enable")(function* () {
        const actor = yield* requireAdmin("enable the Projects integration")
        return yield* database.transaction(
          Effect.gen(function* () {
            const { row, edition, now } = yield* current({ lock: true })
            if (edition === "free" && row?.trialEndsAt && row.trialEndsAt.getTime() <= now) {
              return yield* new TrialExpired({ endedAt: row?.trialEndsAt?.toISOString() ?? "" })
            }
            if (row !== undefined && row.status !== "deactivated") return toView(row, edition, now)
            const trial =
              edition === "free" && row?.trialStartedAt == null
                ? { trialStartedAt: new Date(now), trialEndsAt: new Date(now + TRIAL_DAYS * DAY_MS) }
                : {}
            const next =
              row === undefined
                ? (yield* database.use((db) =>
                    db
                      .insert(tables.integrations)
                      .values({ organizationId: actor.organizationId, status: "setting_up", ...trial })
                      .returning(),
                  ))[0]
                : yield* update(actor.organizationId, {
                    status: "setting_up",
                    clientMapping: "pending",
                    ...trial,
                  })
            yield* audit.record({
              action: "integration.enabled",
              before: auditState(row),
              after: auditState(next),
            })
            return toView(next, edition, now)
          }),
        )
      })

      /**
       * Fails unless the integration may talk to the portal now: active, within its trial. Used by
       * the Projects tab, related lists, project writes and every sync job.
       */
      const requireActive = Effect.fn("IntegrationState.requireActive")(function* (action: string) {
        const { row, status } = yield* current()
        if (row === undefined || status !== "active") {
          if (status === "key_invalid") return yield* new IntegrationKeyInvalid()
          if (status === "trial_expired") {
            return yield* new TrialExpired({ endedAt: row?.trialEndsAt?.toISOString() ?? "" })
          }
          return yield* new IntegrationStateConflict({
            status,
            action,
            reason: statusMessages[status] ?? "the integration is not active",
          })
        }
        return row
      })

      /** Setting up (or active, to re-choose before any sync) is where a portal may be associated. */
      const requireSettingUp = Effect.fn("IntegrationState.requireSettingUp")(function* (action: string) {
        const { row, status, now, edition } = yield* current({ lock: true })
        if (status === "trial_expired") {
          return yield* new TrialExpired({ endedAt: row?.trialEndsAt?.toISOString() ?? "" })
        }
        if (row === undefined || status !== "setting_up") {
          return yield* new IntegrationStateConflict({
            status,
            action,
            reason:
              status === "not_enabled" || status === "deactivated"
                ? "enable the integration with Get Started first"
                : "a portal is already associated; deactivate the integration to associate another",
          })
        }
        return { row, now, edition }
      })

      /** Records a transition (or any state change) with its audit entry, in one transaction. */
      const transition = Effect.fn("IntegrationState.transition")(function* (
        action: string,
        values: Partial<typeof tables.integrations.$inferInsert>,
        details?: Record<string, unknown>,
      ) {
        const actor = yield* CurrentActor
        return yield* database.transaction(
          Effect.gen(function* () {
            const { row, edition, now } = yield* current({ lock: true })
            const next = yield* update(actor.organizationId, values)
            yield* audit.record({
              action,
              before: auditState(row),
              after: { ...auditState(next), ...details },
            })
            return toView(next, edition, now)
          }),
        )
      })

      /**
       * The first call refused with an invalid key flips active → key invalid (SPEC §4.7). Only if the
       * credential that failed is still the stored one: a key replaced meanwhile stays valid.
       */
      const markKeyInvalid = Effect.fn("IntegrationState.markKeyInvalid")(function* (
        failedCredential: string,
      ) {
        const actor = yield* CurrentActor
        yield* database.transaction(
          Effect.gen(function* () {
            const { row, now } = yield* current({ lock: true })
            if (row?.status !== "active" || row.credentialSecret !== failedCredential) return
            const next = yield* update(actor.organizationId, {
              status: "key_invalid",
              keyInvalidSince: new Date(now),
            })
            yield* audit.record({
              action: "integration.key_invalid",
              before: auditState(row),
              after: auditState(next),
            })
          }),
        )
      })

      /**
       * A free edition's trial ends by the clock, not by a request: this records each end once
       * (audit entry `integration.trial_expired`, which publishes `integration.status_changed`),
       * acting for the admin who associated the portal, else the organization's first active admin.
       * Returns how many it recorded. Any number of processes may run it: the integration row is
       * locked and the entry looked for again before it is written.
       */
      const noticeExpiredTrials = Effect.fn("IntegrationState.noticeExpiredTrials")(function* () {
        const now = new Date(yield* Clock.currentTimeMillis).toISOString()
        const ended = yield* database.execute<{ organization_id: string; actor: string | null }>(sql`
          select i.organization_id::text as organization_id,
                 coalesce(i.associated_by, (
                   select u.id from crm_users u join crm_profiles p on p.id = u.profile_id
                   where u.organization_id = i.organization_id and p.is_admin and u.active
                   order by u.created_at limit 1))::text as actor
          from integrations i join crm_organizations o on o.id = i.organization_id
          where o.edition = 'free' and i.status <> 'deactivated' and i.trial_ends_at <= ${now}::timestamptz
            and not exists (select 1 from integration_audit a
                            where a.organization_id = i.organization_id and a.action = 'integration.trial_expired')`)
        let recorded = 0
        for (const row of ended) {
          if (row.actor === null) continue
          const actor = yield* loadActor(row.actor, "system")
          if (Option.isNone(actor)) continue
          const done = yield* database
            .transaction(
              Effect.gen(function* () {
                const { row: integration, status } = yield* current({ lock: true })
                const already = yield* database.execute<{ n: number }>(
                  sql`select count(*)::int as n from integration_audit where organization_id = ${row.organization_id}::uuid and action = 'integration.trial_expired'`,
                )
                if (integration === undefined || status !== "trial_expired" || (already[0]?.n ?? 0) > 0)
                  return false
                yield* audit.record({
                  action: "integration.trial_expired",
                  before: auditState(integration),
                  after: { ...auditState(integration), status: "trial_expired" },
                })
                return true
              }),
            )
            .pipe(Effect.provideService(CurrentActor, actor.value))
          if (done) recorded++
        }
        return recorded
      })

      return {
        noticeExpiredTrials,
        current,
        view,
        enable,
        requireActive,
        requireSettingUp,
        transition,
        markKeyInvalid,
      } as const
    }),
  },
) {}
