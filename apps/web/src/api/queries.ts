// Reads of the console: router `query`s (cached, deduplicated, revalidated after every action).
// A 401 anywhere sends the browser to the sign-in page and back afterwards.
import { query, redirect } from "@solidjs/router"
import { ApiError, api, csrf } from "./client"
import type {
  ApiToken,
  CrmRecord,
  FieldMeta,
  IntegrationStatus,
  Me,
  ModuleName,
  Page,
  Profile,
  User,
} from "./types"

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

interface Items<T> {
  readonly items: ReadonlyArray<T>
}

/** The session, or null when signed out (the shell and the sign-in page decide where to go). */
export const getSession = query(async (): Promise<Me | null> => {
  try {
    const me = await api.get<Me>("/me")
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
      const { items } = await api.get<Items<FieldMeta>>(`/metadata/${module}/fields`)
      return [...items].sort((a, b) => a.position - b.position)
    }),
  "fields",
)

export const listRecords = query(
  (module: ModuleName, search: string, cursor: string | null) =>
    read(() => api.get<Page<CrmRecord>>(`/${module}`, { search, cursor, limit: pageSize })),
  "records",
)

export const getRecord = query(
  (module: ModuleName, id: string) => read(() => api.get<CrmRecord>(`/${module}/${id}`)),
  "record",
)

export const listUsers = query(
  () => read(async () => (await api.get<Items<User>>("/users", { limit: 200 })).items),
  "users",
)

export const listProfiles = query(
  () => read(async () => (await api.get<Items<Profile>>("/profiles")).items),
  "profiles",
)

export const listTokens = query(
  () => read(async () => (await api.get<Items<ApiToken>>("/tokens")).items),
  "tokens",
)

/** The integration state; a server without the integration routes (404) reads as not available. */
export const getIntegration = query(
  () =>
    read(async (): Promise<IntegrationStatus | undefined> => {
      try {
        return await api.get<IntegrationStatus>("/integration")
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 501)) return undefined
        throw error
      }
    }),
  "integration",
)

/** Users a `user` field can point to; profiles without access to `/users` only see themselves. */
export const listAssignableUsers = query(async (): Promise<ReadonlyArray<User>> => {
  try {
    return (await api.get<Items<User>>("/users", { limit: 200 })).items
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      const me = await getSession()
      return me ? [me.user] : []
    }
    throw error
  }
}, "assignableUsers")

/** Records a `lookup` field can point to (the first page; a search narrows it). */
export const listLookupOptions = query(
  (module: ModuleName, search: string) =>
    read(async () => (await api.get<Page<CrmRecord>>(`/${module}`, { search, limit: 100 })).items),
  "lookupOptions",
)
