/**
 * The typed client of the control API (`/__mock`, README.md), bound to one server and namespace. It is
 * derived from the routes with Hono's `hc`, so its inputs are the core's control Schemas and its answers
 * what the routes return. Failures throw `ControlError` carrying the status and the error body.
 */
import type { BusinessEvent, FaultInput, SeedInput } from "@app/core/projects-emulator"
import { type ClientResponse, hc } from "hono/client"
import type { ControlRoutes } from "./routes/control.js"

export type {
  BusinessEvent,
  Diff,
  DiffEntry,
  FaultInput,
  KeyInfo,
  SeedInput,
  StateSummary,
  TokenInfo,
} from "@app/core/projects-emulator"

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`control API answered ${status}: ${JSON.stringify(body)}`)
  }
}

export interface JournalFilter {
  type?: "request" | "webhook"
  method?: string
  path?: string
  status?: number
  since?: number
  limit?: number
  portal_id?: string
  event?: string
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/** The answer's JSON, or a `ControlError` for any status but 2xx. */
const ok = async <T>(pending: Promise<ClientResponse<T>>): Promise<T> => {
  const res = await pending
  const text = await res.text()
  const parsed: unknown = text === "" ? undefined : JSON.parse(text)
  if (!res.ok) throw new ControlError(res.status, parsed)
  return parsed as T
}

/** Control writes are JSON, bodiless ones included: the mock refuses other types (cross-site forms). */
const jsonWrites = (init: RequestInit | undefined): RequestInit | undefined => {
  const method = init?.method?.toUpperCase()
  if (
    init === undefined ||
    (method !== "POST" && method !== "PUT" && method !== "PATCH") ||
    init.body != null
  )
    return init
  const headers = new Headers(init.headers)
  headers.set("content-type", "application/json")
  return { ...init, headers, body: "{}" }
}

const asQuery = (q: object): Record<string, string> =>
  Object.fromEntries(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])))

export const makeControlClient = (baseUrl: string, fetchFn: Fetch = (i, init) => fetch(i, init)) => {
  const api = hc<ControlRoutes>(baseUrl, {
    fetch: (input: string | URL | Request, init?: RequestInit) =>
      fetchFn(input instanceof Request ? input.url : String(input), jsonWrites(init)),
  }).__mock
  const none = async (pending: Promise<ClientResponse<unknown>>): Promise<void> => {
    await ok(pending)
  }
  return {
    reset: (options: { reseed?: boolean } = {}) => ok(api.reset.$post({ json: options })),
    seed: (input: SeedInput = {}) => ok(api.seed.$post({ json: input })),
    snapshot: () => ok(api.snapshot.$post()).then((r) => r.id),
    restore: (id: string) => ok(api.restore.$post({ json: { id } })),
    journal: (filter: JournalFilter = {}) =>
      ok(api.journal.$get({ query: asQuery(filter) })).then((r) => r.entries),
    clearJournal: () => none(api.journal.$delete()),
    faults: {
      add: (fault: FaultInput) => ok(api.faults.$post({ json: fault })),
      list: () => ok(api.faults.$get()).then((r) => r.faults),
      clear: () => none(api.faults.$delete()),
      remove: (id: string) => none(api.faults[":id"].$delete({ param: { id } })),
    },
    state: (options: { allUsers?: boolean } = {}) =>
      ok(api.state.$get({ query: options.allUsers === true ? { users: "all" } : {} })),
    clock: () => ok(api.clock.$get()),
    clockAdvance: (seconds: number) => ok(api.clock.advance.$post({ json: { seconds } })),
    tokens: (email: string, options: { scopes?: string[]; expires_in?: number; refresh?: boolean } = {}) =>
      ok(api.tokens.$post({ json: { email, ...options } })),
    keys: (email: string) => ok(api.keys[":email"].$get({ param: { email } })),
    regenerateKey: (email: string) => ok(api.keys[":email"].regenerate.$post({ param: { email } })),
    transferPortal: (portalId: string, email: string) =>
      ok(api.portals[":id"].transfer.$post({ param: { id: portalId }, json: { email } })),
    rateLimit: (config: { enabled?: boolean; limit?: number; window_s?: number; lockout_s?: number }) =>
      ok(api["rate-limit"].$post({ json: config })),
    checkpoint: () => ok(api.checkpoint.$post()).then((r) => r.checkpoint),
    diff: (since: string) => ok(api.diff.$get({ query: { since } })),
    event: (event: BusinessEvent) => ok(api.events.$post({ json: event })),
    flushWebhooks: () => ok(api.webhooks.flush.$post()),
    dropNamespace: () => none(api.namespace.$delete()),
  }
}

export type ControlClient = ReturnType<typeof makeControlClient>
