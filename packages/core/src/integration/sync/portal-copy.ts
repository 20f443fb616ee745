/**
 * The CRM's copy of the associated portal (SPEC §4.2: "all projects of the portal are imported …
 * and kept in sync"). Pages are upserted server-side from their JSON text (`jsonb_array_elements`):
 * no per-row work in Node, one round trip per page, idempotent by the Projects id.
 */
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import type { OrganizationId } from "../../crm/model.js"
import { Database, type DatabaseError } from "../../persistence/index.js"

/**
 * A page of V3 objects as JSON text straight from the Projects API response body: a bare array
 * (projects) or a list envelope (`{"users": […]}`, `{"clients": […]}`).
 */
export type PageJson = string

/**
 * How many objects the page held, whether or not each was written: the caller knows a page was the
 * last when it held fewer than asked for.
 */
export type Received = number

/** The lists a pass copies, each in its own table. */
export type CopiedEntity = "projects" | "clients" | "clientUsers" | "portalUsers"
const COPY_TABLES: Record<CopiedEntity, string> = {
  projects: "integration_projects",
  clients: "integration_clients",
  clientUsers: "integration_client_users",
  portalUsers: "integration_portal_users",
}

const KEY_COLUMNS: Record<CopiedEntity, string> = {
  projects: "projects_id",
  clients: "projects_id",
  clientUsers: "zpuid",
  portalUsers: "zpuid",
}
const ENVELOPES: Record<CopiedEntity, string> = {
  projects: "projects",
  clients: "clients",
  clientUsers: "users",
  portalUsers: "users",
}

/** An item of the portal the database would not take, and why (an SQLSTATE, never the value). */
export interface FailedItem {
  readonly list: CopiedEntity
  readonly id: string
  /** The item's name (or a user's email) as the portal gave it, cut to 200 characters. */
  readonly name?: string | undefined
  readonly sqlstate?: string | undefined
  readonly reason: string
}

/** A project the copy no longer holds: enough to tell subscribers which one. */
export interface RemovedProject {
  readonly id: string
  readonly projectsId: string
  readonly name: string
}

export interface PageWritten {
  readonly received: Received
  readonly failed: ReadonlyArray<FailedItem>
}

/** SQLSTATE classes of a value refused (22 data exception, 23 integrity, 54 limit exceeded). */
const isRefusedValue = (error: DatabaseError) => /^(22|23|54)/.test(error.code ?? "")

/** The page's objects, bare array or in its envelope; undefined when the page is not JSON at all. */
const pageItems = (page: PageJson, key: string): ReadonlyArray<unknown> | undefined => {
  try {
    const parsed: unknown = JSON.parse(page)
    if (Array.isArray(parsed)) return parsed
    if (typeof parsed === "object" && parsed !== null && key in parsed) {
      const items: unknown = (parsed as Record<string, unknown>)[key]
      return Array.isArray(items) ? items : []
    }
    return []
  } catch {
    return undefined
  }
}

const itemId = (item: unknown): string | undefined => {
  if (typeof item !== "object" || item === null) return undefined
  const record = item as Record<string, unknown>
  const id = record.zpuid ?? record.id
  return typeof id === "string" ? id : undefined
}

const itemName = (item: unknown): string | undefined => {
  if (typeof item !== "object" || item === null) return undefined
  const record = item as Record<string, unknown>
  const name = typeof record.name === "string" && record.name.trim() !== "" ? record.name : record.email
  return typeof name === "string" ? name.slice(0, 200) : undefined
}

export class PortalCopy extends Effect.Service<PortalCopy>()("@app/core/integration/PortalCopy", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const count = (rows: ReadonlyArray<{ n: number }>) => rows[0]?.n ?? 0
    /** The page's array, whether it came bare or in its `key` envelope. */
    const elements = (page: PageJson, key: string) =>
      sql`src as (select case when jsonb_typeof(j) = 'array' then j else coalesce(j -> ${key}, '[]'::jsonb) end as arr from (select ${page}::jsonb as j) as s)`
    const received = sql`select coalesce((select jsonb_array_length(arr) from src), 0)::int as n`

    /**
     * Upserts projects. A row only moves forward in time: an older copy of a project (a slow page, a
     * late webhook) never overwrites a newer one, but still marks the project as seen at `seenAt`.
     */
    const upsertProjects = Effect.fn("PortalCopy.upsertProjects")(function* (
      organizationId: OrganizationId,
      page: PageJson,
      seenAt: Date,
    ) {
      const rows = yield* database.execute<{ n: number }>(sql`
        with ${elements(page, "projects")}, upserted as (
          insert into integration_projects as p
            (organization_id, projects_id, name, key, status, project_type, owner_email, owner_name,
             start_date, end_date, data, modified_time, synced_at)
          select ${organizationId}::uuid, e->>'id', e->>'name', e->>'key', e->'status'->>'name',
                 e->>'project_type', e->'owner'->>'email', e->'owner'->>'full_name',
                 e->>'start_date', e->>'end_date', e, (e->>'modified_time')::timestamptz, ${seenAt.toISOString()}::timestamptz
          from src, jsonb_array_elements(src.arr) as e
          where e->>'id' is not null and e->>'name' is not null
          on conflict (organization_id, projects_id) do update set
            name = case when p.modified_time > excluded.modified_time then p.name else excluded.name end,
            key = case when p.modified_time > excluded.modified_time then p.key else excluded.key end,
            status = case when p.modified_time > excluded.modified_time then p.status else excluded.status end,
            project_type = case when p.modified_time > excluded.modified_time then p.project_type else excluded.project_type end,
            owner_email = case when p.modified_time > excluded.modified_time then p.owner_email else excluded.owner_email end,
            owner_name = case when p.modified_time > excluded.modified_time then p.owner_name else excluded.owner_name end,
            start_date = case when p.modified_time > excluded.modified_time then p.start_date else excluded.start_date end,
            end_date = case when p.modified_time > excluded.modified_time then p.end_date else excluded.end_date end,
            data = case when p.modified_time > excluded.modified_time then p.data else excluded.data end,
            modified_time = greatest(p.modified_time, excluded.modified_time),
            synced_at = greatest(p.synced_at, excluded.synced_at)
          returning 1
        )
        ${received}`)
      return count(rows)
    })

    const upsertClients = Effect.fn("PortalCopy.upsertClients")(function* (
      organizationId: OrganizationId,
      page: PageJson,
      seenAt: Date,
    ) {
      const rows = yield* database.execute<{ n: number }>(sql`
        with ${elements(page, "clients")}, upserted as (
          insert into integration_clients as c (organization_id, projects_id, name, data, synced_at)
          select ${organizationId}::uuid, e->>'id', e->>'name', e, ${seenAt.toISOString()}::timestamptz
          from src, jsonb_array_elements(src.arr) as e
          where e->>'id' is not null and e->>'name' is not null
          on conflict (organization_id, projects_id) do update set
            name = excluded.name, data = excluded.data, synced_at = excluded.synced_at
          returning 1
        )
        ${received}`)
      return count(rows)
    })

    /** Client users (V3 users with `client_company`). */
    const upsertClientUsers = Effect.fn("PortalCopy.upsertClientUsers")(function* (
      organizationId: OrganizationId,
      page: PageJson,
      seenAt: Date,
    ) {
      const rows = yield* database.execute<{ n: number }>(sql`
        with ${elements(page, "users")}, upserted as (
          insert into integration_client_users as u
            (organization_id, zpuid, client_projects_id, email, name, data, synced_at)
          select ${organizationId}::uuid, coalesce(e->>'zpuid', e->>'id'), e->'client_company'->>'id',
                 e->>'email', coalesce(e->>'full_name', e->>'name', e->>'email'), e, ${seenAt.toISOString()}::timestamptz
          from src, jsonb_array_elements(src.arr) as e
          where e->'client_company'->>'id' is not null and e->>'email' is not null
          on conflict (organization_id, zpuid) do update set
            client_projects_id = excluded.client_projects_id, email = excluded.email, name = excluded.name,
            data = excluded.data, synced_at = excluded.synced_at
          returning 1
        )
        ${received}`)
      return count(rows)
    })

    /** Portal users (not clients): who is already in the portal, with which role. */
    const upsertPortalUsers = Effect.fn("PortalCopy.upsertPortalUsers")(function* (
      organizationId: OrganizationId,
      page: PageJson,
      seenAt: Date,
    ) {
      const rows = yield* database.execute<{ n: number }>(sql`
        with ${elements(page, "users")}, upserted as (
          insert into integration_portal_users as u (organization_id, zpuid, email, name, role, active, synced_at)
          select ${organizationId}::uuid, coalesce(e->>'zpuid', e->>'id'), e->>'email',
                 coalesce(e->>'full_name', e->>'name', e->>'email'), coalesce(e->'role'->>'name', 'Employee'),
                 coalesce((e->>'is_active')::boolean, true), ${seenAt.toISOString()}::timestamptz
          from src, jsonb_array_elements(src.arr) as e
          where e->>'email' is not null and e->'client_company' is null
          on conflict (organization_id, zpuid) do update set
            email = excluded.email, name = excluded.name, role = excluded.role, active = excluded.active,
            synced_at = excluded.synced_at
          returning 1
        )
        ${received}`)
      return count(rows)
    })

    /** After a full pass: whatever the pass did not see is gone from the portal. */
    const removeUnseen = Effect.fn("PortalCopy.removeUnseen")(function* (
      organizationId: OrganizationId,
      passStartedAt: Date,
    ) {
      const at = passStartedAt.toISOString()
      const [projects, clients, clientUsers, portalUsers] = yield* Effect.all([
        database.execute<{ n: number }>(
          sql`with d as (delete from integration_projects where organization_id = ${organizationId}::uuid and synced_at < ${at}::timestamptz returning 1) select count(*)::int as n from d`,
        ),
        database.execute<{ n: number }>(
          sql`with d as (delete from integration_clients where organization_id = ${organizationId}::uuid and synced_at < ${at}::timestamptz returning 1) select count(*)::int as n from d`,
        ),
        database.execute<{ n: number }>(
          sql`with d as (delete from integration_client_users where organization_id = ${organizationId}::uuid and synced_at < ${at}::timestamptz returning 1) select count(*)::int as n from d`,
        ),
        database.execute<{ n: number }>(
          sql`with d as (delete from integration_portal_users where organization_id = ${organizationId}::uuid and synced_at < ${at}::timestamptz returning 1) select count(*)::int as n from d`,
        ),
      ])
      return {
        projects: count(projects),
        clients: count(clients),
        clientUsers: count(clientUsers),
        portalUsers: count(portalUsers),
      }
    })

    /**
     * After a stable read of one list: rows its last read did not see are gone from the portal.
     * (Only then: a single read of a positional list can miss objects that are still there.)
     */
    const removeUnseenOf = Effect.fn("PortalCopy.removeUnseenOf")(function* (
      entity: CopiedEntity,
      organizationId: OrganizationId,
      before: Date,
    ) {
      const rows = yield* database.execute<{ n: number }>(
        sql`with d as (delete from ${sql.identifier(COPY_TABLES[entity])} where organization_id = ${organizationId}::uuid and synced_at < ${before.toISOString()}::timestamptz returning 1) select count(*)::int as n from d`,
      )
      return count(rows)
    })

    const upserts: Record<CopiedEntity, typeof upsertProjects> = {
      projects: upsertProjects,
      clients: upsertClients,
      clientUsers: upsertClientUsers,
      portalUsers: upsertPortalUsers,
    }

    /** Marks a row as seen at `at` without changing it: its newer copy could not be written. */
    const markSeen = (entity: CopiedEntity, organizationId: OrganizationId, id: string, at: Date) =>
      database.execute(
        sql`update ${sql.identifier(COPY_TABLES[entity])} set synced_at = greatest(synced_at, ${at.toISOString()}::timestamptz) where organization_id = ${organizationId}::uuid and ${sql.identifier(KEY_COLUMNS[entity])} = ${id}`,
      )

    /**
     * Writes a page of `entity`. When the database refuses a value, the page is written again item by
     * item: the others go in, each refused item is reported with its id and the reason, and its
     * existing copy is kept (marked seen, so the pass does not take it for deleted).
     */
    const writePage = Effect.fn("PortalCopy.writePage")(function* (
      entity: CopiedEntity,
      organizationId: OrganizationId,
      page: PageJson,
      seenAt: Date,
    ) {
      const upsert = upserts[entity]
      return yield* upsert(organizationId, page, seenAt).pipe(
        Effect.map((received): PageWritten => ({ received, failed: [] })),
        Effect.catchIf(isRefusedValue, (pageError) =>
          Effect.gen(function* () {
            const items = pageItems(page, ENVELOPES[entity])
            if (items === undefined) return yield* pageError
            const failed: FailedItem[] = []
            for (const item of items) {
              yield* upsert(organizationId, JSON.stringify([item]), seenAt).pipe(
                Effect.catchIf(isRefusedValue, (error) =>
                  Effect.gen(function* () {
                    const id = itemId(item)
                    failed.push({
                      list: entity,
                      id: id ?? "unknown",
                      name: itemName(item),
                      sqlstate: error.code,
                      reason: error.message,
                    })
                    if (id !== undefined) yield* markSeen(entity, organizationId, id, seenAt)
                  }),
                ),
              )
            }
            return { received: items.length, failed } satisfies PageWritten
          }),
        ),
      )
    })

    /** Projects ids the last read did not see: each is confirmed gone by id before its row goes. */
    const unseenProjectIds = Effect.fn("PortalCopy.unseenProjectIds")(function* (
      organizationId: OrganizationId,
      before: Date,
    ) {
      const rows = yield* database.execute<{ projects_id: string }>(
        sql`select projects_id from integration_projects where organization_id = ${organizationId}::uuid and synced_at < ${before.toISOString()}::timestamptz`,
      )
      return rows.map((r) => r.projects_id)
    })

    /** Marks a project as seen at `at` without changing its copy (the portal confirmed it exists). */
    const markProjectSeen = Effect.fn("PortalCopy.markProjectSeen")(function* (
      organizationId: OrganizationId,
      projectsId: string,
      at: Date,
    ) {
      yield* database.execute(
        sql`update integration_projects set synced_at = greatest(synced_at, ${at.toISOString()}::timestamptz) where organization_id = ${organizationId}::uuid and projects_id = ${projectsId}`,
      )
    })

    /** Removes one project from the copy; returns the row it removed, if there was one. */
    const removeProject = Effect.fn("PortalCopy.removeProject")(function* (
      organizationId: OrganizationId,
      projectsId: string,
    ) {
      const rows = yield* database.execute<RemovedProject>(
        sql`delete from integration_projects where organization_id = ${organizationId}::uuid and projects_id = ${projectsId} returning id::text as id, projects_id as "projectsId", name`,
      )
      return rows[0]
    })

    /** `removeUnseenOf("projects", …)`, returning the rows it removed (they become events). */
    const removeUnseenProjects = Effect.fn("PortalCopy.removeUnseenProjects")(function* (
      organizationId: OrganizationId,
      before: Date,
    ) {
      return yield* database.execute<RemovedProject>(
        sql`delete from integration_projects where organization_id = ${organizationId}::uuid and synced_at < ${before.toISOString()}::timestamptz returning id::text as id, projects_id as "projectsId", name`,
      )
    })

    /** Deactivation: the CRM forgets the portal (nothing is deleted in the portal itself). */
    const clear = Effect.fn("PortalCopy.clear")(function* (organizationId: OrganizationId) {
      const removed = yield* removeUnseen(organizationId, new Date("9999-12-31T00:00:00Z"))
      yield* database.execute(
        sql`delete from integration_webhook_events where organization_id = ${organizationId}::uuid`,
      )
      // Client mapping's project contacts (their projects are gone already; said for clarity).
      yield* database.execute(
        sql`delete from integration_project_contacts where organization_id = ${organizationId}::uuid`,
      )
      yield* database.execute(
        sql`delete from integration_project_contact_checks where organization_id = ${organizationId}::uuid`,
      )
      return removed
    })

    return {
      upsertProjects,
      upsertClients,
      upsertClientUsers,
      upsertPortalUsers,
      removeUnseen,
      removeUnseenOf,
      writePage,
      unseenProjectIds,
      markProjectSeen,
      removeProject,
      removeUnseenProjects,
      clear,
    } as const
  }),
}) {}
