/**
 * The state one namespace of the emulator owns, and the few operations every module shares: the mock
 * clock, id and sequence counters, the change log, and the caches that must be dropped with the data.
 * The other modules are functions over a `Namespace`; `Emulator` (emulator.ts) binds them into one object.
 */
import { invalidValue } from "./errors.js"
import type { Change, ChangeEntity, NamespaceState, Portal, Project } from "./model.js"
import { emptyState } from "./model.js"
import type { Json } from "./views.js"

export type Op = "READ" | "CREATE" | "UPDATE" | "DELETE"
export type ScopeModule =
  | "portals"
  | "projects"
  | "users"
  | "clients"
  | "custom_fields"
  | "webhooks"
  | "tasks"
  | "tasklists"
  | "milestones"
  | "bugs"
  | "timesheets"
  | "search"

export const ALL_SCOPES: ReadonlyArray<string> = [
  "ZohoProjects.portals.ALL",
  "ZohoProjects.projects.ALL",
  "ZohoProjects.users.ALL",
  "ZohoProjects.clients.ALL",
  "ZohoProjects.custom_fields.ALL",
  "ZohoProjects.webhooks.ALL",
  "ZohoProjects.tasks.ALL",
  "ZohoProjects.tasklists.ALL",
  "ZohoProjects.milestones.ALL",
  "ZohoProjects.bugs.ALL",
  "ZohoProjects.timesheets.ALL",
  "ZohoProjects.search.READ",
  "AaaServer.profile.READ",
]

export const ACCESS_TOKEN_TTL_S = 3600
export const CODE_TTL_MS = 120_000
export const JOURNAL_CAP = 10_000
/** §8: retries after 10 s, 1 min, 5 min, 30 min, then the delivery is dropped. */
export const WEBHOOK_BACKOFF_MS: ReadonlyArray<number> = [10_000, 60_000, 300_000, 1_800_000]

export interface Credentials {
  authorization?: string | undefined
  zscKey?: string | undefined
  zscEmail?: string | undefined
}

export interface Caller {
  zuid: number
  email: string
  via: "oauth" | "key"
  scopes?: ReadonlySet<string>
}

export type Query = Record<string, string>

export interface RateInfo {
  limit: number
  remaining: number
  reset: number
}

export interface AuthorizationRequest {
  clientId: string
  redirectUri: string
  scopes: string[]
  offline: boolean
  state?: string
}

export type TokenAnswer = Json

export const SORT_COLUMNS = ["created_time", "last_modified_time", "name"] as const
export type SortColumn = (typeof SORT_COLUMNS)[number]
export const STATUS_FILTERS = ["active", "archived", "template", "all"] as const
export type StatusFilter = (typeof STATUS_FILTERS)[number]

export const lower = (s: string) => s.toLowerCase()
export const splitScopes = (raw: string) => raw.split(/[\s,]+/).filter((s) => s.length > 0)

export class Namespace {
  state: NamespaceState
  /** Sorted project lists per portal, keyed `status|column`, ascending; dropped on any project write. */
  sorted = new WeakMap<Portal, Map<string, Project[]>>()
  /** Projects hidden from lists until `visibleAt` (eventual consistency event). */
  readonly pendingVisible = new Set<Project>()
  private readonly snapshots = new Map<string, NamespaceState>()
  private recordChanges = true

  constructor(
    readonly name: string,
    private readonly baseClock: () => number,
    readonly seed: number,
    /** Rate limit in force after every reset and seed (CLI `--rate-limit`); off when absent. */
    private readonly defaultRateLimit?: NamespaceState["rateLimit"],
  ) {
    this.state = this.fresh(seed)
  }

  private fresh(seed: number): NamespaceState {
    const state = emptyState(seed)
    if (this.defaultRateLimit !== undefined) state.rateLimit = { ...this.defaultRateLimit }
    return state
  }

  now(): number {
    return this.baseClock() + this.state.clockOffsetMs
  }

  /** Empties the namespace (data, tokens, keys, faults, journal, clock offset); snapshots stay. */
  reset(seed: number = this.seed): void {
    this.state = this.fresh(seed)
    this.sorted = new WeakMap()
    this.pendingVisible.clear()
  }

  /** Replaces the whole state (state file, restore); caches rebuild lazily. */
  load(state: NamespaceState): void {
    this.state = state
    this.sorted = new WeakMap()
    this.pendingVisible.clear()
  }

  advanceClock(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw invalidValue("seconds", "seconds must be a non-negative number")
    this.state.clockOffsetMs += ms
    return this.now()
  }

  snapshot(): string {
    // Counter ids: taking a snapshot must not shift the PRNG, or later tokens would differ from a run without it.
    const id = `snap_${this.snapshots.size + 1}`
    this.snapshots.set(id, structuredClone({ ...this.state, journal: [] }))
    return id
  }

  restore(id: string): void {
    const snap = this.snapshots.get(id)
    if (snap === undefined) throw invalidValue("id", `no snapshot ${id}`)
    const journal = this.state.journal
    this.load(structuredClone(snap))
    this.state.journal = journal
  }

  withoutChangeLog<A>(f: () => A): A {
    this.recordChanges = false
    try {
      return f()
    } finally {
      this.recordChanges = true
    }
  }

  newId(): string {
    const id = this.state.nextId
    this.state.nextId += 7n
    return id.toString()
  }

  seq(): number {
    return this.state.nextSeq++
  }

  logChange(entity: ChangeEntity, op: Change["op"], portalId: string, id: string, projectId?: string): void {
    if (!this.recordChanges) return
    const change: Change = { seq: this.seq(), entity, op, portalId, id }
    if (projectId !== undefined) change.projectId = projectId
    this.state.changes.push(change)
  }
}
