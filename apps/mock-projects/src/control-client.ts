/**
 * A typed client of the control API (`/__mock`, README.md), bound to one server and namespace.
 * Failures throw `ControlError` carrying the status and the error body.
 */
import type { Fault, JournalEntry, RateLimitConfig } from "@app/core/projects-emulator"

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`control API answered ${status}: ${JSON.stringify(body)}`)
  }
}

export interface SeedInput {
  seed?: number
  portals?: number
  users?: number
  clients?: number
  clientUsers?: number
  projects?: number
  customFields?: number
  demo?: boolean
}

export interface FaultInput {
  kind: "latency" | "status" | "rate_limit" | "drop" | "portal_changes"
  /** `portal_changes`: what the portal's people create and delete before each matching request. */
  entity?: "projects" | "clients" | "users" | "client_users"
  inserts?: number
  deletes?: number
  method?: string
  /** `*` matches within one path segment, `**` across; `re:<regex>` for a regular expression. */
  path?: string
  latency_ms?: number
  status?: number
  retry_after?: number
  probability?: number
  count?: number
  seed?: number
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

export interface KeyInfo {
  email: string
  key?: string
  revoked: boolean
  portal_ids: string[]
}

export interface TokenInfo {
  access_token: string
  refresh_token?: string
  client_id?: string
  scope: string
  api_domain: string
  token_type: "Bearer"
  expires_in: number
}

export interface StateSummary {
  namespace: string
  now: string
  portals: Array<{
    id: string
    name: string
    owner?: { email: string; zpuid: string; zuid: number }
    counts: Record<string, number>
  }>
  users: Array<{
    zuid: number
    email: string
    name: string
    portals: Array<{ portal_id: string; zpuid: string; role: string; is_active: boolean; is_owner: boolean }>
  }>
  users_truncated?: boolean
  rate_limit: RateLimitConfig
  behaviors: { listDelaySeconds: number; webhookDuplicate: boolean; webhookOutOfOrder: boolean }
  faults: number
  pending_deliveries: number
}

export interface DiffEntry {
  entity: "portal" | "user" | "client" | "project" | "group" | "webhook"
  portal_id: string
  id: string
  data?: Record<string, unknown>
}

export interface Diff {
  since: string
  checkpoint: string
  created: DiffEntry[]
  updated: DiffEntry[]
  deleted: DiffEntry[]
}

export type BusinessEvent =
  | { type: "key.revoked"; email: string; portal_id?: string }
  | { type: "portal.ownership_changed"; portal_id: string; email: string }
  | { type: "user.already_present"; portal_id: string; email: string; role?: string }
  | { type: "projects.list_delay"; seconds: number }
  | { type: "webhooks.duplicate"; enabled?: boolean }
  | { type: "webhooks.out_of_order"; enabled?: boolean }

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export const makeControlClient = (baseUrl: string, fetchFn: Fetch = (i, init) => fetch(i, init)) => {
  const call = async <A>(method: string, path: string, body?: unknown): Promise<A> => {
    // Control writes are JSON, bodiless ones included: the mock refuses other types (cross-site forms).
    const write = method === "POST" || method === "PUT" || method === "PATCH"
    const res = await fetchFn(`${baseUrl}/__mock${path}`, {
      method,
      ...(body === undefined && !write
        ? {}
        : { headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) }),
    })
    const text = await res.text()
    const parsed: unknown = text === "" ? undefined : JSON.parse(text)
    if (!res.ok) throw new ControlError(res.status, parsed)
    return parsed as A
  }
  const qs = (q: object) => {
    const entries = Object.entries(q).filter(([, v]) => v !== undefined)
    return entries.length === 0
      ? ""
      : `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`
  }
  const e = encodeURIComponent
  return {
    reset: (options: { reseed?: boolean } = {}) => call<{ reset: true }>("POST", "/reset", options),
    seed: (input: SeedInput = {}) => call<StateSummary>("POST", "/seed", input),
    snapshot: () => call<{ id: string }>("POST", "/snapshot", {}).then((r) => r.id),
    restore: (id: string) => call<{ restored: true }>("POST", "/restore", { id }),
    journal: (filter: JournalFilter = {}) =>
      call<{ entries: JournalEntry[] }>("GET", `/journal${qs(filter)}`).then((r) => r.entries),
    clearJournal: () => call<void>("DELETE", "/journal"),
    faults: {
      add: (fault: FaultInput) => call<Fault>("POST", "/faults", fault),
      list: () => call<{ faults: Fault[] }>("GET", "/faults").then((r) => r.faults),
      clear: () => call<void>("DELETE", "/faults"),
      remove: (id: string) => call<void>("DELETE", `/faults/${e(id)}`),
    },
    state: (options: { allUsers?: boolean } = {}) =>
      call<StateSummary>("GET", `/state${options.allUsers === true ? "?users=all" : ""}`),
    clock: () => call<{ now: string; offset_ms: number }>("GET", "/clock"),
    clockAdvance: (seconds: number) =>
      call<{ now: string; offset_ms: number }>("POST", "/clock/advance", { seconds }),
    tokens: (email: string, options: { scopes?: string[]; expires_in?: number; refresh?: boolean } = {}) =>
      call<TokenInfo>("POST", "/tokens", { email, ...options }),
    keys: (email: string) => call<KeyInfo>("GET", `/keys/${e(email)}`),
    regenerateKey: (email: string) => call<KeyInfo>("POST", `/keys/${e(email)}/regenerate`),
    transferPortal: (portalId: string, email: string) =>
      call<{ portal_details: Record<string, unknown> }>("POST", `/portals/${e(portalId)}/transfer`, {
        email,
      }),
    rateLimit: (config: { enabled?: boolean; limit?: number; window_s?: number; lockout_s?: number }) =>
      call<RateLimitConfig>("POST", "/rate-limit", config),
    checkpoint: () => call<{ checkpoint: string }>("POST", "/checkpoint", {}).then((r) => r.checkpoint),
    diff: (since: string) => call<Diff>("GET", `/diff?since=${e(since)}`),
    event: (event: BusinessEvent) => call<Record<string, unknown>>("POST", "/events", event),
    flushWebhooks: () => call<{ released: number; pending: number }>("POST", "/webhooks/flush", {}),
    dropNamespace: () => call<void>("DELETE", "/namespace"),
  }
}

export type ControlClient = ReturnType<typeof makeControlClient>
