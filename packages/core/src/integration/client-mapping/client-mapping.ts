/**
 * Client ↔ account mapping (SPEC §4.5, seed "Mappage de comptes clients"): the dry-run preview of
 * "Yes, map matching records", the one-time automatic run (a durable job that maps, emails the report
 * to every admin and maps client users to contacts), "No, skip", and manual map/unmap, always open.
 */
import { and, asc, eq, sql } from "drizzle-orm"
import { Effect, Option, Schema } from "effect"
import { CurrentActor, requireAdmin } from "../../crm/actor.js"
import { loadActor } from "../../crm/actors.js"
import { RecordNotFound } from "../../crm/errors.js"
import { OrganizationId } from "../../crm/model.js"
import { OutboundEvents } from "../../external/events/outbound-events.js"
import { type Job, type JobContext, JobNotRetryable, JobQueue } from "../../jobs/index.js"
import { Mailer } from "../../mail/mailer.js"
import { Database, tables } from "../../persistence/index.js"
import { AuditLog } from "../audit/audit-log.js"
import { IntegrationKeyInvalid, IntegrationStateConflict, TrialExpired } from "../errors.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { statusMessages } from "../model.js"
import { ProjectPermissions } from "../permissions/project-permissions.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { CrmProjectNotFound } from "../projects/model.js"
import { ClientContacts } from "./client-contacts.js"
import { AccountAlreadyMapped, AutomaticMappingUnavailable, ClientNotFound } from "./errors.js"
import { computeOutcomes, mapAutomatically } from "./matching.js"
import type { ClientMappingEntry, ClientMappingPreview, ContactPassResult, ProjectContact } from "./model.js"
import { renderReport } from "./report.js"

/** The automatic run: map, report, contacts. */
export const CLIENT_MAPPING_JOB = "integration.client-mapping"
/** Client users → contacts after a manual mapping. */
export const CLIENT_CONTACTS_JOB = "integration.client-contacts"

export const ClientMappingPayload = Schema.Struct({
  organizationId: Schema.String,
  /** The admin who said yes: the job acts for them and the audit names them. */
  actorUserId: Schema.String,
  /** A job of an older association stops. */
  associationId: Schema.String,
})
export type ClientMappingPayload = typeof ClientMappingPayload.Type

const Phase = Schema.Literal("map", "report", "contacts")
const Checkpoint = Schema.Struct({ phase: Phase, mapped: Schema.Number, unmapped: Schema.Number })
type Checkpoint = typeof Checkpoint.Type

export class ClientMapping extends Effect.Service<ClientMapping>()("@app/core/integration/ClientMapping", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const events = yield* OutboundEvents
    const state = yield* IntegrationState
    const audit = yield* AuditLog
    const queue = yield* JobQueue
    const connection = yield* PortalConnection
    const contacts = yield* ClientContacts
    const permissions = yield* ProjectPermissions

    /** Mapping needs an associated portal (its clients); key invalid or trial over still allow local edits. */
    const requirePortal = (action: string) =>
      Effect.gen(function* () {
        const { row, status } = yield* state.current()
        if (
          row === undefined ||
          row.portalId === null ||
          status === "deactivated" ||
          status === "not_enabled"
        ) {
          return yield* new IntegrationStateConflict({
            status,
            action,
            reason: statusMessages[status] ?? "no portal is associated",
          })
        }
        return row
      })

    /** "Yes, map matching records", dry run: the outcome per client, nothing written. */
    const preview = Effect.fn("ClientMapping.preview")(function* () {
      const actor = yield* requireAdmin("preview client mapping")
      const row = yield* requirePortal("preview client mapping")
      const report = yield* computeOutcomes(database, actor.organizationId)
      const choice = row.clientMapping
      return { available: choice === "pending", choice, ...report } satisfies ClientMappingPreview
    })

    const enqueueContacts = (organizationId: OrganizationId, actorUserId: string, associationId: string) =>
      queue.enqueue({
        kind: CLIENT_CONTACTS_JOB,
        organizationId,
        payload: { organizationId, actorUserId, associationId } satisfies ClientMappingPayload,
        dedupeKey: `${CLIENT_CONTACTS_JOB}:${organizationId}`,
        maxAttempts: 8,
      })

    /**
     * "Yes, map matching records": once per association. Records the choice (audited) and queues the
     * run in one transaction; the job maps, emails the report to every admin, then maps contacts.
     */
    const runAutomatic = Effect.fn("ClientMapping.runAutomatic")(function* () {
      const actor = yield* requireAdmin("map clients to accounts")
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.current({ lock: true })
          const row = yield* state.requireActive("map clients to accounts")
          if (row.clientMapping !== "pending") {
            return yield* new AutomaticMappingUnavailable({
              choice: row.clientMapping,
            })
          }
          const job = yield* queue.enqueue({
            kind: CLIENT_MAPPING_JOB,
            organizationId: actor.organizationId,
            payload: {
              organizationId: actor.organizationId,
              actorUserId: actor.userId,
              associationId: row.associationId ?? "",
            } satisfies ClientMappingPayload,
            dedupeKey: `${CLIENT_MAPPING_JOB}:${actor.organizationId}`,
            maxAttempts: 8,
          })
          yield* state.transition(
            "integration.client_mapping.automatic",
            { clientMapping: "automatic" },
            { jobId: job.id },
          )
          return job
        }),
      )
    })

    /** "No, skip": manual mapping stays; automatic mapping is not offered again for this association. */
    const skip = Effect.fn("ClientMapping.skip")(function* () {
      yield* requireAdmin("skip client mapping")
      return yield* database.transaction(
        Effect.gen(function* () {
          const { row } = yield* state.current({ lock: true })
          yield* requirePortal("skip client mapping")
          if (row !== undefined && row.clientMapping !== "pending") {
            return yield* new AutomaticMappingUnavailable({
              choice: row.clientMapping,
            })
          }
          return yield* state.transition("integration.client_mapping.skipped", { clientMapping: "skipped" })
        }),
      )
    })

    const c = tables.integrationClients
    const r = tables.crmRecords

    const entries = (organizationId: OrganizationId, clientId?: string) =>
      database.use((db) =>
        db
          .select({
            id: c.projectsId,
            name: c.name,
            accountId: c.accountId,
            accountName: r.name,
            mappedBy: c.mappedBy,
          })
          .from(c)
          .leftJoin(r, eq(r.id, c.accountId))
          .where(
            and(
              eq(c.organizationId, organizationId),
              clientId === undefined ? undefined : eq(c.projectsId, clientId),
            ),
          )
          .orderBy(asc(sql`lower(${c.name})`), asc(c.projectsId)),
      )

    const toEntry = (row: {
      id: string
      name: string
      accountId: string | null
      accountName: string | null
      mappedBy: string | null
    }): ClientMappingEntry => ({
      client: { id: row.id, name: row.name },
      account: row.accountId === null ? null : { id: row.accountId, name: row.accountName ?? "" },
      mappedBy: row.accountId === null ? null : row.mappedBy === "automatic" ? "automatic" : "manual",
    })

    /** The portal's clients with the account each is mapped to, by name. */
    const list = Effect.fn("ClientMapping.list")(function* () {
      const actor = yield* requireAdmin("see client mappings")
      yield* requirePortal("see client mappings")
      return (yield* entries(actor.organizationId)).map(toEntry)
    })

    const findClient = (organizationId: OrganizationId, clientId: string) =>
      Effect.flatMap(entries(organizationId, clientId), ([row]) =>
        row === undefined ? Effect.fail(new ClientNotFound({ clientId })) : Effect.succeed(row),
      )

    /** Pick a client, pick an account: always open to admins. An account is never mapped to two clients. */
    const map = Effect.fn("ClientMapping.map")(function* (clientId: string, accountId: string) {
      const actor = yield* requireAdmin("map a client to an account")
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.current({ lock: true })
          const row = yield* requirePortal("map a client to an account")
          const client = yield* findClient(actor.organizationId, clientId)
          const [account] = Schema.is(Schema.UUID)(accountId)
            ? yield* database.use((db) =>
                db
                  .select({ id: r.id, name: r.name })
                  .from(r)
                  .where(
                    and(
                      eq(r.id, accountId),
                      eq(r.organizationId, actor.organizationId),
                      eq(r.module, "accounts"),
                    ),
                  ),
              )
            : []
          if (account === undefined)
            return yield* new RecordNotFound({ module: "accounts", recordId: accountId })
          if (client.accountId === account.id) return toEntry(client)
          const [holder] = yield* database.use((db) =>
            db
              .select({ id: c.projectsId, name: c.name })
              .from(c)
              .where(and(eq(c.organizationId, actor.organizationId), eq(c.accountId, account.id))),
          )
          if (holder !== undefined) {
            return yield* new AccountAlreadyMapped({
              accountId: account.id,
              clientId: holder.id,
              clientName: holder.name,
            })
          }
          if (client.accountId !== null) yield* contacts.forgetClient(actor.organizationId, client.id)
          yield* database.use((db) =>
            db
              .update(c)
              .set({ accountId: account.id, mappedBy: "manual" })
              .where(and(eq(c.organizationId, actor.organizationId), eq(c.projectsId, client.id))),
          )
          yield* audit.record({
            action: "integration.client_mapped",
            before: {
              client: { id: client.id, name: client.name },
              account: client.accountId === null ? null : { id: client.accountId, name: client.accountName },
            },
            after: { client: { id: client.id, name: client.name }, account },
          })
          yield* enqueueContacts(actor.organizationId, actor.userId, row.associationId ?? "")
          return toEntry({ ...client, accountId: account.id, accountName: account.name, mappedBy: "manual" })
        }),
      )
    })

    /** Unmaps a client: its projects leave the account's related list; contacts stay in the CRM. */
    const unmap = Effect.fn("ClientMapping.unmap")(function* (clientId: string) {
      const actor = yield* requireAdmin("unmap a client")
      return yield* database.transaction(
        Effect.gen(function* () {
          yield* state.current({ lock: true })
          yield* requirePortal("unmap a client")
          const client = yield* findClient(actor.organizationId, clientId)
          if (client.accountId === null) return toEntry(client)
          yield* database.use((db) =>
            db
              .update(c)
              .set({ accountId: null, mappedBy: null })
              .where(and(eq(c.organizationId, actor.organizationId), eq(c.projectsId, client.id))),
          )
          yield* contacts.forgetClient(actor.organizationId, client.id)
          yield* audit.record({
            action: "integration.client_unmapped",
            before: {
              client: { id: client.id, name: client.name },
              account: { id: client.accountId, name: client.accountName },
            },
            after: { client: { id: client.id, name: client.name }, account: null },
          })
          return toEntry({ ...client, accountId: null, accountName: null, mappedBy: null })
        }),
      )
    })

    /** The contacts associated with a project (its client users with a contact); same rights as the project. */
    const projectContacts = Effect.fn("ClientMapping.projectContacts")(function* (projectId: string) {
      yield* state.requireActive("show projects")
      yield* permissions.require("view")
      const actor = yield* CurrentActor
      const p = tables.integrationProjects
      const isUuid = Schema.is(Schema.UUID)(projectId)
      const [project] = yield* database.use((db) =>
        db
          .select({ id: p.id })
          .from(p)
          .where(
            and(
              eq(p.organizationId, actor.organizationId),
              isUuid ? eq(p.id, projectId) : eq(p.projectsId, projectId),
            ),
          ),
      )
      if (project === undefined) return yield* new CrmProjectNotFound({ projectId })
      const rows = yield* database.execute<{
        id: string
        name: string
        email: string | null
        account_id: string | null
      }>(sql`
        select r.id, r.name, r.values->>'email' as email, r.account_id
        from integration_project_contacts pc join crm_records r on r.id = pc.contact_id
        where pc.project_id = ${project.id}::uuid
        order by lower(r.name), r.id`)
      return rows.map(
        (row): ProjectContact => ({
          contactId: row.id,
          name: row.name,
          email: row.email,
          accountId: row.account_id,
        }),
      )
    })

    const activeAdmins = (organizationId: OrganizationId) =>
      database.use((db) =>
        db
          .select({ email: tables.crmUsers.email })
          .from(tables.crmUsers)
          .innerJoin(tables.crmProfiles, eq(tables.crmProfiles.id, tables.crmUsers.profileId))
          .where(
            and(
              eq(tables.crmUsers.organizationId, organizationId),
              eq(tables.crmUsers.active, true),
              eq(tables.crmProfiles.isAdmin, true),
            ),
          )
          .orderBy(asc(tables.crmUsers.email)),
      )

    /** Decodes the payload and acts as its admin; state failures end the job at once. */
    const asJobActor = <A, E, R>(job: Job, run: (payload: ClientMappingPayload) => Effect.Effect<A, E, R>) =>
      Effect.gen(function* () {
        const payload = yield* Schema.decodeUnknown(ClientMappingPayload)(job.payload).pipe(
          Effect.mapError(
            () =>
              new JobNotRetryable({ tag: "PayloadInvalid", reason: "client mapping payload is not valid" }),
          ),
        )
        const actor = yield* loadActor(payload.actorUserId, "system")
        if (Option.isNone(actor)) {
          return yield* new JobNotRetryable({
            tag: "ActorGone",
            reason: "the admin who started client mapping is no longer active",
          })
        }
        return yield* run(payload).pipe(
          Effect.provideService(CurrentActor, actor.value),
          Effect.mapError((error) =>
            error instanceof IntegrationKeyInvalid ||
            error instanceof TrialExpired ||
            error instanceof IntegrationStateConflict
              ? new JobNotRetryable({ tag: error._tag, reason: error.message })
              : error,
          ),
        )
      })

    const contactPass = (payload: ClientMappingPayload, context: JobContext) =>
      connection.use("map client users to contacts", (api, portalId, row) =>
        row.associationId !== payload.associationId
          ? Effect.succeed(undefined)
          : contacts.reconcile(api, portalId, OrganizationId.make(row.organizationId), (done, total) =>
              context.progress(done, total, "contacts"),
            ),
      )

    /** The `integration.client-mapping` handler. Needs the Mailer where the runner registers it. */
    const handle = (job: Job, context: JobContext) =>
      asJobActor(job, (payload) =>
        Effect.gen(function* () {
          const mailer = yield* Mailer
          const row = yield* state.requireActive("map clients to accounts")
          if (row.associationId !== payload.associationId)
            return { skipped: "another portal is associated now" }
          const organizationId = OrganizationId.make(row.organizationId)
          let checkpoint: Checkpoint = Option.getOrElse(
            Option.flatMap(context.lastCheckpoint, Schema.decodeUnknownOption(Checkpoint)),
            () => ({ phase: "map" as const, mapped: 0, unmapped: 0 }),
          )
          let outbox: string | null = null
          if (checkpoint.phase === "map") {
            yield* context.progress(0, null, "map")
            const counts = yield* database.transaction(
              Effect.zipRight(state.current({ lock: true }), mapAutomatically(database, organizationId)),
            )
            checkpoint = { phase: "report", ...counts }
            yield* context.checkpoint(checkpoint)
            yield* context.progress(counts.mapped + counts.unmapped, counts.mapped + counts.unmapped, "map")
          }
          if (checkpoint.phase === "report") {
            // Recomputed from the stored mappings: the same report after a crash between map and send.
            const report = yield* computeOutcomes(database, organizationId)
            const admins = yield* activeAdmins(organizationId)
            const [first, ...rest] = admins.map((a) => a.email)
            if (first !== undefined) {
              const message = renderReport(row.portalName ?? row.portalId ?? "", report)
              outbox = (yield* mailer.send(organizationId, { to: [first, ...rest], ...message })).id
            }
            checkpoint = { ...checkpoint, phase: "contacts" }
            yield* context.checkpoint(checkpoint)
          }
          const contactResult: ContactPassResult | undefined = yield* contactPass(payload, context)
          yield* events.publish(organizationId, "client_mapping.finished", {
            mapped: checkpoint.mapped,
            unmapped: checkpoint.unmapped,
            reportOutboxId: outbox,
          })
          return {
            mapped: checkpoint.mapped,
            unmapped: checkpoint.unmapped,
            report: outbox,
            contacts: contactResult ?? null,
          }
        }),
      )

    /** The `integration.client-contacts` handler (after a manual mapping). */
    const handleContacts = (job: Job, context: JobContext) =>
      asJobActor(job, (payload) =>
        Effect.map(contactPass(payload, context), (result) => ({ contacts: result ?? null })),
      )

    return { preview, runAutomatic, skip, list, map, unmap, projectContacts, handle, handleContacts } as const
  }),
}) {}
