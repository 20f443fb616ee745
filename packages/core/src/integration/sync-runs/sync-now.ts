/**
 * Sync now and its dry run (SPEC §4.9), administrators only. Sync now queues a reconcile pass at
 * once, as a run of its own that the console follows through the pass's job. The dry run reads
 * every list of the portal once and compares it with the CRM's copy without writing anything:
 * what a reconcile would create, update (field by field) and remove.
 */
import { sql } from "drizzle-orm"
import { Effect, Option, Schema } from "effect"
import { CurrentActor, requireAdmin } from "../../crm/actor.js"
import { loadActor } from "../../crm/actors.js"
import { type Job, type JobContext, JobNotRetryable, JobQueue } from "../../jobs/index.js"
import { Database } from "../../persistence/index.js"
import type { ProjectsApi, ProjectsError } from "../../projects-client/index.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { PortalSync } from "../sync/portal-sync.js"
import { PER_PAGE } from "../sync/stable-read.js"
import type { FieldChange, SyncRunEntity } from "./model.js"
import { labelOf, SyncRunRecorder } from "./sync-run-recorder.js"
import { SyncRuns } from "./sync-runs.js"

export const SYNC_DRY_RUN_JOB = "integration.sync.dry-run"

const DryRunPayload = Schema.Struct({ organizationId: Schema.String, actorUserId: Schema.String })

/** The phases the console already words for a pass's progress. */
const PHASES: Record<SyncRunEntity, string> = {
  portal_user: "portal-users",
  client: "clients",
  client_user: "client-users",
  project: "projects",
}

/** Items listed in a dry run's result; all are counted. */
const MAX_LISTED = 500

export interface DryRunItem {
  readonly entity: SyncRunEntity
  readonly key: string
  readonly name: string | null
  readonly outcome: "created" | "updated" | "removed"
  /** Updated items: each field as the CRM holds it (`before`) and as the portal has it (`after`). */
  readonly changes: ReadonlyArray<FieldChange>
}

interface ListSpec {
  readonly entity: SyncRunEntity
  readonly table: string
  readonly key: string
  readonly envelope: string
  /** The portal object `e` as the copy would store it, as `sync_run_doc` compares it. */
  readonly portalDoc: ReturnType<typeof sql>
  readonly portalKey: ReturnType<typeof sql>
  readonly filter: ReturnType<typeof sql>
  /** The CRM's own links: not the portal's, so not compared. */
  readonly links: ReadonlyArray<string>
  readonly fetch: (api: ProjectsApi, portalId: string, page: number) => Effect.Effect<string, ProjectsError>
}

const LISTS: ReadonlyArray<ListSpec> = [
  {
    entity: "portal_user",
    table: "integration_portal_users",
    key: "zpuid",
    envelope: "users",
    portalDoc: sql`sync_run_doc('portal_user', jsonb_build_object('email', e -> 'email',
      'name', to_jsonb(coalesce(e ->> 'full_name', e ->> 'name', e ->> 'email')),
      'role', to_jsonb(coalesce(e -> 'role' ->> 'name', 'Employee')),
      'active', to_jsonb(coalesce((e ->> 'is_active')::boolean, true))))`,
    portalKey: sql`coalesce(e ->> 'zpuid', e ->> 'id')`,
    filter: sql`e ->> 'email' is not null and e -> 'client_company' is null`,
    links: [],
    fetch: (api, portalId, page) =>
      api.listUsersText(portalId, { type: 1, viewType: "all", page, perPage: PER_PAGE }),
  },
  {
    entity: "client",
    table: "integration_clients",
    key: "projects_id",
    envelope: "clients",
    portalDoc: sql`sync_run_doc('client', jsonb_build_object('data', e))`,
    portalKey: sql`e ->> 'id'`,
    filter: sql`e ->> 'id' is not null and e ->> 'name' is not null`,
    links: ["account_id", "mapped_by"],
    fetch: (api, portalId, page) => api.listClientsText(portalId, { page, perPage: PER_PAGE }),
  },
  {
    entity: "client_user",
    table: "integration_client_users",
    key: "zpuid",
    envelope: "users",
    portalDoc: sql`sync_run_doc('client_user', jsonb_build_object('data', e))`,
    portalKey: sql`coalesce(e ->> 'zpuid', e ->> 'id')`,
    filter: sql`e -> 'client_company' ->> 'id' is not null and e ->> 'email' is not null`,
    links: ["contact_id"],
    fetch: (api, portalId, page) =>
      api.listUsersText(portalId, { type: 2, viewType: "all", page, perPage: PER_PAGE }),
  },
  {
    entity: "project",
    table: "integration_projects",
    key: "projects_id",
    envelope: "projects",
    portalDoc: sql`sync_run_doc('project', jsonb_build_object('data', e))`,
    portalKey: sql`e ->> 'id'`,
    filter: sql`e ->> 'id' is not null and e ->> 'name' is not null`,
    links: ["deal_id", "account_id"],
    fetch: (api, portalId, page) =>
      api.listProjectsText(portalId, {
        page,
        perPage: PER_PAGE,
        status: "all",
        sortColumn: "created_time",
        sortOrder: "ascending",
      }),
  },
]

const withoutLinks = (doc: ReturnType<typeof sql>, links: ReadonlyArray<string>) =>
  links.reduce((expr, link) => sql`(${expr}) - ${link}`, doc)

/** The ids a page holds, as the copy keys them; undefined when the page is not JSON. */
const pageKeys = (page: string, envelope: string): ReadonlyArray<unknown> => {
  const parsed: unknown = JSON.parse(page)
  if (Array.isArray(parsed)) return parsed
  if (typeof parsed === "object" && parsed !== null && envelope in parsed) {
    const items = (parsed as Record<string, unknown>)[envelope]
    return Array.isArray(items) ? items : []
  }
  return []
}

interface DiffRow {
  k: string
  name: string | null
  created: boolean
  fields: ReadonlyArray<string> | string | null
  cd: Record<string, unknown> | null
  pd: Record<string, unknown>
}

const fieldList = (fields: DiffRow["fields"]): ReadonlyArray<string> =>
  Array.isArray(fields)
    ? fields
    : typeof fields === "string" && fields.length > 2
      ? fields.slice(1, -1).split(",")
      : []

export class SyncNow extends Effect.Service<SyncNow>()("@app/core/integration/SyncNow", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const queue = yield* JobQueue
    const state = yield* IntegrationState
    const sync = yield* PortalSync
    const recorder = yield* SyncRunRecorder
    const runs = yield* SyncRuns
    const connection = yield* PortalConnection

    /**
     * Queues a reconcile now. A pass already queued or running is the one followed (its run keeps its
     * own trigger); otherwise the run is made with the job, before any runner can lease it.
     */
    const start = Effect.fn("SyncNow.start")(function* () {
      const actor = yield* requireAdmin("sync the portal now")
      const row = yield* state.requireActive("sync the portal now")
      const { job, runId } = yield* database.transaction(
        Effect.gen(function* () {
          const job = yield* sync.enqueue("reconcile", row.associationId ?? "")
          const run = yield* recorder.openForJob({
            organizationId: actor.organizationId,
            jobId: job.id,
            trigger: "sync-now",
            userId: actor.userId,
            label: labelOf(actor),
          })
          return { job, runId: run.id }
        }),
      )
      return { job, run: yield* runs.get(runId) }
    })

    /** Queues a dry run (one per organization at a time); its job's result is the comparison. */
    const dryRun = Effect.fn("SyncNow.dryRun")(function* () {
      const actor = yield* requireAdmin("compare the CRM with the portal")
      yield* state.requireActive("compare the CRM with the portal")
      return yield* queue.enqueue({
        kind: SYNC_DRY_RUN_JOB,
        organizationId: actor.organizationId,
        payload: { organizationId: actor.organizationId, actorUserId: actor.userId },
        dedupeKey: `${SYNC_DRY_RUN_JOB}:${actor.organizationId}`,
        maxAttempts: 3,
      })
    })

    /** Reads one list of the portal page by page and compares each page with the copy. */
    const compareList = (
      api: ProjectsApi,
      portalId: string,
      organizationId: string,
      spec: ListSpec,
      context: JobContext,
      found: DryRunItem[],
      counts: { created: number; updated: number; removed: number; unchanged: number; compared: number },
    ) =>
      Effect.gen(function* () {
        const seen: unknown[] = []
        const copyDoc = withoutLinks(sql`sync_run_doc(${spec.entity}, to_jsonb(c))`, spec.links)
        const portalDoc = withoutLinks(spec.portalDoc, spec.links)
        for (let page = 1; ; page++) {
          const json = yield* spec.fetch(api, portalId, page)
          const items = pageKeys(json, spec.envelope)
          const rows = yield* database.execute<DiffRow>(sql`
            with src as (
              select case when jsonb_typeof(j) = 'array' then j else coalesce(j -> ${spec.envelope}, '[]'::jsonb) end as arr
              from (select ${json}::jsonb as j) as s
            ),
            p as (select ${spec.portalKey} as k, ${portalDoc} as pd
                  from src, jsonb_array_elements(src.arr) as e where ${spec.filter}),
            c as (select ${sql.identifier(spec.key)} as k, ${copyDoc} as cd
                  from ${sql.identifier(spec.table)} as c
                  where organization_id = ${organizationId}::uuid and ${sql.identifier(spec.key)} in (select k from p))
            select p.k, coalesce(p.pd ->> 'full_name', p.pd ->> 'name', p.pd ->> 'email') as name, c.k is null as created,
              case when c.k is null then '{}'::text[] else
                array(select f from jsonb_object_keys(c.cd || p.pd) as f
                      where (c.cd -> f) is distinct from (p.pd -> f) order by f) end as fields,
              c.cd, p.pd
            from p left join c on c.k = p.k
            where c.k is null or c.cd is distinct from p.pd`)
          const keys = yield* database.execute<{ k: string }>(sql`
            select ${spec.portalKey} as k from jsonb_array_elements(${JSON.stringify(items)}::jsonb) as e
            where ${spec.filter}`)
          for (const key of keys) seen.push(key.k)
          for (const row of rows) {
            if (row.created) counts.created++
            else counts.updated++
            if (found.length >= MAX_LISTED) continue
            found.push({
              entity: spec.entity,
              key: row.k,
              name: row.name,
              outcome: row.created ? "created" : "updated",
              changes: row.created
                ? []
                : fieldList(row.fields).map((field) => ({
                    field,
                    before: row.cd?.[field] ?? null,
                    after: row.pd[field] ?? null,
                  })),
            })
          }
          counts.unchanged += keys.length - rows.length
          yield* context.progress(counts.compared + seen.length, null, PHASES[spec.entity])
          if (items.length < PER_PAGE) break
        }
        const removed = yield* database.execute<{ k: string; name: string | null }>(sql`
          select ${sql.identifier(spec.key)} as k, coalesce(to_jsonb(c) ->> 'name', to_jsonb(c) ->> 'email') as name
          from ${sql.identifier(spec.table)} as c
          where organization_id = ${organizationId}::uuid
            and ${sql.identifier(spec.key)} not in (select jsonb_array_elements_text(${JSON.stringify(seen)}::jsonb))
          order by 1`)
        counts.removed += removed.length
        counts.compared += seen.length
        for (const row of removed) {
          if (found.length >= MAX_LISTED) break
          found.push({ entity: spec.entity, key: row.k, name: row.name, outcome: "removed", changes: [] })
        }
      })

    /** The dry run's job: compares every list, writes nothing, returns the comparison. */
    const handleDryRun = (job: Job, context: JobContext) =>
      Effect.gen(function* () {
        const payload = yield* Schema.decodeUnknown(DryRunPayload)(job.payload).pipe(
          Effect.mapError(
            () => new JobNotRetryable({ tag: "PayloadInvalid", reason: "dry run payload is not valid" }),
          ),
        )
        const actor = yield* loadActor(payload.actorUserId, "system")
        if (Option.isNone(actor))
          return yield* new JobNotRetryable({ tag: "ActorGone", reason: "the admin is no longer active" })
        const found: DryRunItem[] = []
        const counts = { created: 0, updated: 0, removed: 0, unchanged: 0, compared: 0 }
        yield* connection
          .use("compare the CRM with the portal", (api, portalId) =>
            Effect.forEach(
              LISTS,
              (spec) => compareList(api, portalId, payload.organizationId, spec, context, found, counts),
              { discard: true },
            ),
          )
          .pipe(
            Effect.provideService(CurrentActor, actor.value),
            Effect.catchTags({
              IntegrationKeyInvalid: (e) =>
                Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
              TrialExpired: (e) => Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
              IntegrationStateConflict: (e) =>
                Effect.fail(new JobNotRetryable({ tag: e._tag, reason: e.message })),
            }),
          )
        const total = counts.created + counts.updated + counts.removed
        yield* context.progress(counts.compared, counts.compared, "done")
        const { compared: _, ...result } = counts
        return { counts: result, items: found, truncated: total > found.length }
      })

    return { start, dryRun, handleDryRun } as const
  }),
}) {}
