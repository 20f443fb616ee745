/**
 * Projects in the CRM, read side (SPEC §4.6): the Projects tab list with search, filters and cursor
 * pagination, one project, and the related lists of a Deal and an Account. Reads come from the
 * portal copy; the integration must be active and the profile allowed to view.
 */
import { and, asc, desc, eq, gt, ilike, lt, or, type SQL, sql } from "drizzle-orm"
import { Effect, Schema } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { CursorInvalid } from "../../crm/errors.js"
import { RecordId } from "../../crm/model.js"
import { Records } from "../../crm/records.js"
import { Database, tables } from "../../persistence/index.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { ProjectPermissions } from "../permissions/project-permissions.js"
import { type CrmProject, CrmProjectNotFound, type ProjectListQuery } from "./model.js"

type ProjectRow = typeof tables.integrationProjects.$inferSelect

const standardKeys = new Set([
  "id",
  "id_string",
  "key",
  "name",
  "description",
  "project_type",
  "status",
  "owner",
  "created_by",
  "updated_by",
  "start_date",
  "end_date",
  "created_time",
  "modified_time",
  "is_public_project",
  "is_strict_project",
  "is_rollup_project",
  "is_completed",
  "percent_complete",
  "layout",
  "project_group",
  "budget_info",
  "business_hours_id",
  "tasks",
  "issues",
  "milestones",
  "clients",
])

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {}

export const toCrmProject = (row: ProjectRow): CrmProject => {
  const data = asRecord(row.data)
  const clients = Array.isArray(data.clients) ? data.clients.map(asRecord) : []
  return {
    id: row.id,
    projectsId: row.projectsId,
    name: row.name,
    key: row.key,
    status: row.status,
    projectType: row.projectType,
    owner: row.ownerEmail ? { email: row.ownerEmail, name: row.ownerName } : null,
    startDate: row.startDate,
    endDate: row.endDate,
    description: typeof data.description === "string" ? data.description : null,
    percentComplete: typeof data.percent_complete === "number" ? data.percent_complete : null,
    clients: clients.map((c) => ({ id: scalarText(c.id), name: scalarText(c.name) })),
    customFields: Object.fromEntries(Object.entries(data).filter(([k]) => !standardKeys.has(k))),
    dealId: row.dealId,
    accountId: row.accountId,
    modifiedTime: row.modifiedTime?.toISOString() ?? null,
  }
}

/** A client's id or name as text: strings, numbers and booleans as written, anything else empty. */
const scalarText = (value: unknown) =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : ""

const sqlScalarText = (value: SQL) =>
  sql`case when jsonb_typeof(${value}) in ('string', 'number', 'boolean') then ${value} #>> '{}' else '' end`

/**
 * A page's projects encoded by the database, as `CrmProject` encodes them and in its key order, so
 * the rows reach the response without being parsed, mapped, encoded and serialized again in Node.
 * Only what a page shows is read: custom fields are what remains of the stored JSON once the
 * standard keys (tasks, issues, links…) are taken out. `toCrmProject` is the same mapping in Node.
 */
const pageJson = (t: typeof tables.integrationProjects) => {
  const clients = sql`${t.data} -> 'clients'`
  return sql<string>`json_build_object(
    'id', ${t.id},
    'projectsId', ${t.projectsId},
    'name', ${t.name},
    'key', ${t.key},
    'status', ${t.status},
    'projectType', ${t.projectType},
    'owner', case when ${t.ownerEmail} <> '' then json_build_object('email', ${t.ownerEmail}, 'name', ${t.ownerName}) end,
    'startDate', ${t.startDate},
    'endDate', ${t.endDate},
    'description', case when jsonb_typeof(${t.data} -> 'description') = 'string' then ${t.data} -> 'description' end,
    'percentComplete', case when jsonb_typeof(${t.data} -> 'percent_complete') = 'number' then ${t.data} -> 'percent_complete' end,
    'clients', case when jsonb_typeof(${clients}) = 'array' then (
      select coalesce(json_agg(json_build_object(
        'id', ${sqlScalarText(sql`c.value -> 'id'`)},
        'name', ${sqlScalarText(sql`c.value -> 'name'`)}) order by c.n), '[]')
      from jsonb_array_elements(${clients}) with ordinality c(value, n)) else '[]' end,
    'customFields', case when jsonb_typeof(${t.data}) = 'object' then ${t.data} - ${sql.raw(`array[${[...standardKeys].map((k) => `'${k}'`).join(", ")}]`)}::text[] else '{}' end,
    'dealId', ${t.dealId},
    'accountId', ${t.accountId},
    'modifiedTime', to_char(${t.modifiedTime} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )::text`
}

/** One page of projects: encoded once, by the database; decoded only when asked (`items`). */
export class ProjectPage {
  #items: ReadonlyArray<CrmProject> | undefined
  constructor(
    /** The page's projects as a JSON array of `CrmProject`. */
    readonly itemsJson: string,
    /** Pass back as `cursor` for the next page; null on the last page. */
    readonly nextCursor: string | null,
  ) {}

  get items(): ReadonlyArray<CrmProject> {
    this.#items ??= JSON.parse(this.itemsJson) as ReadonlyArray<CrmProject>
    return this.#items
  }
}

const Cursor = Schema.compose(
  Schema.StringFromBase64Url,
  Schema.parseJson(Schema.Tuple(Schema.String, Schema.UUID)),
)
const encodeCursor = Schema.encodeSync(Cursor)
const decodeCursor = Schema.decodeUnknownOption(Cursor)

export class CrmProjects extends Effect.Service<CrmProjects>()("@app/core/integration/CrmProjects", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const state = yield* IntegrationState
    const permissions = yield* ProjectPermissions
    const records = yield* Records
    const t = tables.integrationProjects
    const sortName = sql<string>`lower(${t.name})`
    // The same order, by an expression the name index does not provide: with a search of three
    // characters or more the planner then fetches the matches through the trigram index and sorts
    // them, instead of walking the name index in order (80,000 rows read for a term late in the alphabet).
    const sortMatches = sql<string>`lower(${t.name}) || ''`

    const allowed = (action: "view") =>
      Effect.zipRight(state.requireActive("show projects"), permissions.require(action))

    // Sort keys as text, so one cursor shape (key, id) pages every order.
    const modifiedKey = sql<string>`coalesce(to_char(${t.modifiedTime} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'), '')`

    /** Projects linked to the account, or of the Projects client mapped to it (SPEC §4.5). */
    const ofAccount = (organizationId: string, accountId: string) => {
      const c = tables.integrationClients
      return or(
        eq(t.accountId, accountId),
        sql`exists (select 1 from ${c} where ${c.organizationId} = ${organizationId}::uuid and ${c.accountId} = ${accountId}::uuid and ${t.data} -> 'clients' @> jsonb_build_array(jsonb_build_object('id', ${c.projectsId})))`,
      )
    }

    const page = (where: SQL | undefined, query: ProjectListQuery) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const limit = query.limit ?? 50
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
        if (after !== undefined && after._tag === "None") return yield* new CursorInvalid()
        const position = after?._tag === "Some" ? after.value : undefined
        const search = query.search?.trim()
        const by = query.sort === "modified" || query.sort === "-modified" ? "modified" : "name"
        const descending = query.sort?.startsWith("-") ?? false
        const key = by === "modified" ? modifiedKey : search && search.length >= 3 ? sortMatches : sortName
        const keyValue = by === "modified" ? modifiedKey : sortName
        const beyond = descending ? lt : gt
        const order = descending ? desc : asc
        const rows = yield* database.use((db) =>
          db
            .select({ json: pageJson(t), key: keyValue, id: t.id })
            .from(t)
            .where(
              and(
                eq(t.organizationId, actor.organizationId),
                where,
                search ? ilike(t.name, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
                query.status ? sql`lower(${t.status}) = lower(${query.status})` : undefined,
                query.projectType ? eq(t.projectType, query.projectType) : undefined,
                query.ownerEmail ? sql`lower(${t.ownerEmail}) = lower(${query.ownerEmail})` : undefined,
                query.clientId
                  ? sql`${t.data} -> 'clients' @> jsonb_build_array(jsonb_build_object('id', ${query.clientId}::text))`
                  : undefined,
                query.accountId ? ofAccount(actor.organizationId, query.accountId) : undefined,
                position
                  ? or(
                      beyond(keyValue, position[0]),
                      and(eq(keyValue, position[0]), beyond(t.id, position[1])),
                    )
                  : undefined,
              ),
            )
            .orderBy(order(key), order(t.id))
            .limit(limit + 1),
        )
        const items = rows.slice(0, limit)
        const last = items.at(-1)
        return new ProjectPage(
          `[${items.map((row) => row.json).join(",")}]`,
          rows.length > limit && last ? encodeCursor([last.key, last.id]) : null,
        )
      })

    /** The Projects tab. */
    const list = Effect.fn("CrmProjects.list")(function* (query: ProjectListQuery) {
      yield* allowed("view")
      return yield* page(undefined, query)
    })

    const get = Effect.fn("CrmProjects.get")(function* (projectId: string) {
      yield* allowed("view")
      const actor = yield* CurrentActor
      const isUuid = /^[0-9a-f-]{36}$/i.test(projectId)
      const [row] = yield* database.use((db) =>
        db
          .select()
          .from(t)
          .where(
            and(
              eq(t.organizationId, actor.organizationId),
              isUuid ? eq(t.id, projectId) : eq(t.projectsId, projectId),
            ),
          ),
      )
      if (row === undefined) return yield* new CrmProjectNotFound({ projectId })
      return toCrmProject(row)
    })

    // The record must exist in the actor's organization: the CRM's own lookup says so (404 otherwise).
    const requireRecord = (module: "deals" | "accounts", recordId: string) =>
      records.get(module, RecordId.make(recordId))

    /** The Projects related list of a Deal: projects linked to it. */
    const forDeal = Effect.fn("CrmProjects.forDeal")(function* (dealId: string, query: ProjectListQuery) {
      yield* allowed("view")
      yield* requireRecord("deals", dealId)
      return yield* page(eq(t.dealId, dealId), query)
    })

    /**
     * The Projects related list of an Account: projects linked to it, and the projects of the Projects
     * client mapped to it (SPEC §4.5).
     */
    const forAccount = Effect.fn("CrmProjects.forAccount")(function* (
      accountId: string,
      query: ProjectListQuery,
    ) {
      yield* allowed("view")
      yield* requireRecord("accounts", accountId)
      const actor = yield* CurrentActor
      return yield* page(ofAccount(actor.organizationId, accountId), query)
    })

    /** The projects a Contact is associated with: its client user is listed on them (SPEC §4.5). */
    const forContact = Effect.fn("CrmProjects.forContact")(function* (
      contactId: string,
      query: ProjectListQuery,
    ) {
      yield* allowed("view")
      yield* records.get("contacts", RecordId.make(contactId))
      const pc = tables.integrationProjectContacts
      return yield* page(
        sql`exists (select 1 from ${pc} where ${pc.projectId} = ${t.id} and ${pc.contactId} = ${contactId}::uuid)`,
        query,
      )
    })

    return { list, get, forDeal, forAccount, forContact } as const
  }),
  dependencies: [Records.Default],
}) {}
