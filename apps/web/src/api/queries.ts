// Reads of the console: router `query`s (cached, deduplicated, revalidated after every action).
// A 401 anywhere sends the browser to the sign-in page and back afterwards.
import { query, redirect } from "@solidjs/router"
import { ApiError, csrf, ok, rpc } from "./client"
import type { IntegrationStatus, Me, ModuleName, User } from "./types"

const pageSize = 50

function signInRedirect(): Response {
  const here = globalThis.location ? `${location.pathname}${location.search}` : "/"
  const next = here.startsWith("/sign-in") ? "" : `?next=${encodeURIComponent(here)}`
  return redirect(`/sign-in${next}`)
}

/** Runs a read; an expired or missing session becomes a redirect to the sign-in page. */
async function read<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrf.set(undefined)
      throw signInRedirect()
    }
    throw error
  }
}

/** The session, or null when signed out (the shell and the sign-in page decide where to go). */
export const getSession = query(async (): Promise<Me | null> => {
  try {
    const me = await ok(await rpc.me.$get())
    if (me.csrfToken) csrf.set(me.csrfToken)
    return me
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrf.set(undefined)
      return null
    }
    throw error
  }
}, "session")

export const getFields = query(
  (module: ModuleName) =>
    read(async () => {
      const { items } = await ok(await rpc.metadata[":module"].fields.$get({ param: { module } }))
      return [...items].sort((a, b) => a.position - b.position)
    }),
  "fields",
)

export const listRecords = query(
  (module: ModuleName, search: string, cursor: string | null) =>
    read(async () =>
      ok(
        await rpc[module].$get({
          query: { limit: String(pageSize), ...(search ? { search } : {}), ...(cursor ? { cursor } : {}) },
        }),
      ),
    ),
  "records",
)

export const getRecord = query(
  (module: ModuleName, id: string) => read(async () => ok(await rpc[module][":id"].$get({ param: { id } }))),
  "record",
)

export const listUsers = query(() => read(async () => (await ok(await rpc.users.$get())).items), "users")

export const listProfiles = query(
  () => read(async () => (await ok(await rpc.profiles.$get())).items),
  "profiles",
)

export const listTokens = query(
  () => read(async () => (await ok(await rpc.tokens.$get({ query: {} }))).items),
  "tokens",
)

/** Users a `user` field can point to; profiles without access to `/users` only see themselves. */
export const listAssignableUsers = query(async (): Promise<ReadonlyArray<User>> => {
  try {
    return (await ok(await rpc.users.$get())).items
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      const me = await getSession()
      return me ? [me.user] : []
    }
    throw error
  }
}, "assignableUsers")

/** Records a `lookup` field can point to (the first page). */
export const listLookupOptions = query(
  (module: ModuleName) =>
    read(async () => (await ok(await rpc[module].$get({ query: { limit: "200", sort: "name" } }))).items),
  "lookupOptions",
)

/** The integration's state; a server without the integration (404) reads as not available. */
export const getIntegration = query(
  () =>
    read(async (): Promise<IntegrationStatus | undefined> => {
      try {
        return await ok(await rpc.integration.$get())
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined
        throw error
      }
    }),
  "integration",
)

export const listAudit = query(
  () => read(async () => (await ok(await rpc.integration.audit.$get({ query: { limit: "20" } }))).items),
  "audit",
)

export const listPermissions = query(
  () => read(async () => (await ok(await rpc.integration.permissions.$get())).items),
  "permissions",
)

/** What the Projects tab asks for: search, filters and sort, as the URL keeps them. */
export interface ProjectQuery {
  readonly search?: string
  readonly status?: string
  readonly projectType?: "active" | "archived" | "template"
  readonly ownerEmail?: string
  readonly clientId?: string
  readonly accountId?: string
  readonly sort?: "name" | "-name" | "modified" | "-modified"
}

export const listProjects = query(
  (filters: ProjectQuery, cursor: string | null) =>
    read(async () => {
      const defined = Object.fromEntries(Object.entries(filters).filter(([, value]) => value))
      return ok(
        await rpc.projects.$get({
          query: { limit: String(pageSize), ...defined, ...(cursor ? { cursor } : {}) },
        }),
      )
    }),
  "projects",
)

export const getFieldMappingCandidates = query(
  () => read(async () => ok(await rpc.integration["field-mappings"].candidates.$get())),
  "fieldMappingCandidates",
)

export const getFieldMapping = query(
  () => read(async () => ok(await rpc.integration["field-mappings"].$get())),
  "fieldMapping",
)

export const listClientMappings = query(
  () => read(async () => (await ok(await rpc.integration["client-mappings"].$get())).items),
  "clientMappings",
)

export const getProject = query(
  (id: string) => read(async () => ok(await rpc.projects[":id"].$get({ param: { id } }))),
  "project",
)

/** The Projects related list of a Deal or an Account (first page). */
export const listRelatedProjects = query(
  (module: ModuleName, id: string) =>
    read(async () => (await ok(await rpc[module][":id"].projects.$get({ param: { id }, query: {} }))).items),
  "relatedProjects",
)

/** A new project pre-filled from a Deal or an Account through the field mapping. */
export const getProjectDraft = query(
  (module: "deals" | "accounts", id: string) =>
    read(async () => ok(await rpc[module][":id"].projects.draft.$get({ param: { id } }))),
  "projectDraft",
)

/** The project form: layouts and their fields, statuses and possible owners. */
export const getProjectForm = query(() => read(async () => ok(await rpc.projects.form.$get())), "projectForm")

export const listEventEndpoints = query(
  () => read(async () => (await ok(await rpc["event-endpoints"].$get())).items),
  "eventEndpoints",
)

export const listEventDeliveries = query(
  (endpointId: string) =>
    read(
      async () =>
        (
          await ok(
            await rpc["event-endpoints"][":id"].deliveries.$get({ param: { id: endpointId }, query: {} }),
          )
        ).items,
    ),
  "eventDeliveries",
)

export interface AuditFilters {
  readonly action?: string
  readonly actor?: string
  readonly from?: string
  readonly to?: string
  readonly search?: string
}

/** A page of the audit log as filtered on the Audit log page. */
export const listAuditPage = query(
  (filters: AuditFilters, cursor: string | null) =>
    read(async () =>
      ok(
        await rpc.integration.audit.$get({
          query: { ...filters, limit: String(pageSize), ...(cursor ? { cursor } : {}) },
        }),
      ),
    ),
  "auditPage",
)

export interface OutboxFilters {
  readonly status?: "stored" | "queued" | "sent" | "failed"
  readonly recipient?: string
  readonly from?: string
  readonly to?: string
  readonly search?: string
}

/** A page of the outbox as filtered on the Outbox page. */
export const listOutbox = query(
  (filters: OutboxFilters, cursor: string | null) =>
    read(async () =>
      ok(
        await rpc.outbox.$get({
          query: { ...filters, limit: String(pageSize), ...(cursor ? { cursor } : {}) },
        }),
      ),
    ),
  "outbox",
)
