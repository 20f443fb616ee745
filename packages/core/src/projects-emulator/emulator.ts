/**
 * One namespace of the Projects emulator (SPEC §5, projects-api.md): portals, users, clients, projects,
 * groups, custom fields, webhooks, service keys and OAuth tokens, all in memory. No HTTP here: the mock
 * server (apps/mock-projects) maps requests onto these methods and renders what they return or throw.
 *
 * Methods are synchronous and throw `ProjectsApiError`: every request is one atomic step over plain data
 * (validation runs before the first write), which keeps a page of a 100,000-project portal in the
 * microseconds and lets the server stay a thin adapter.
 */
import {
  alreadyExists,
  forbidden,
  invalidKey,
  invalidOAuthScope,
  invalidOAuthToken,
  invalidValue,
  mandatoryMissing,
  notFound,
  resourceInUse,
  throttled,
} from "./errors.js"
import { parsePortalChanges } from "./mid-read-changes.js"
import type {
  Account,
  Change,
  ChangeEntity,
  Client,
  CustomValue,
  Fault,
  FaultKind,
  FieldDef,
  JournalEntry,
  Member,
  NamespaceState,
  PendingDelivery,
  Portal,
  Project,
  ProjectType,
  RoleName,
  Webhook,
  WebhookEvent,
} from "./model.js"
import { emptyState, ROLES, roleType, WEBHOOK_EVENTS } from "./model.js"
import { hex, makePrng, nextFloat } from "./prng.js"
import type { Body } from "./validation.js"
import {
  bool,
  compareIds,
  email as emailField,
  has,
  isEmail,
  isPhone,
  isUrl,
  pageInfo,
  parseDate,
  parseDateTime,
  parsePage,
  refId,
  requireObject,
  slicePage,
  str,
  url as urlField,
} from "./validation.js"
import type { Json } from "./views.js"
import {
  clientView,
  fieldView,
  groupView,
  iso,
  layoutView,
  portalView,
  projectView,
  roleView,
  statusView,
  userView,
  webhookView,
} from "./views.js"

export type Op = "READ" | "CREATE" | "UPDATE" | "DELETE"
export type ScopeModule = "portals" | "projects" | "users" | "clients" | "custom_fields" | "webhooks"

export const ALL_SCOPES: ReadonlyArray<string> = [
  "ZohoProjects.portals.ALL",
  "ZohoProjects.projects.ALL",
  "ZohoProjects.users.ALL",
  "ZohoProjects.clients.ALL",
  "ZohoProjects.custom_fields.ALL",
  "ZohoProjects.webhooks.ALL",
  "AaaServer.profile.READ",
]

export const ACCESS_TOKEN_TTL_S = 3600
const CODE_TTL_MS = 120_000
const JOURNAL_CAP = 10_000
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

const SORT_COLUMNS = ["created_time", "last_modified_time", "name"] as const
type SortColumn = (typeof SORT_COLUMNS)[number]
const STATUS_FILTERS = ["active", "archived", "template", "all"] as const
type StatusFilter = (typeof STATUS_FILTERS)[number]

const lower = (s: string) => s.toLowerCase()
const splitScopes = (raw: string) => raw.split(/[\s,]+/).filter((s) => s.length > 0)

export class Emulator {
  state: NamespaceState
  /** Sorted project lists per portal, keyed `status|column`, ascending; dropped on any project write. */
  private sorted = new WeakMap<Portal, Map<string, Project[]>>()
  /** Projects hidden from lists until `visibleAt` (eventual consistency event). */
  private pendingVisible = new Set<Project>()
  private snapshots = new Map<string, NamespaceState>()
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

  // ---------------------------------------------------------------- lifecycle, clock, snapshots

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

  // ---------------------------------------------------------------- ids, accounts, portals

  newId(): string {
    const id = this.state.nextId
    this.state.nextId += 7n
    return id.toString()
  }

  private seq(): number {
    return this.state.nextSeq++
  }

  logChange(entity: ChangeEntity, op: Change["op"], portalId: string, id: string): void {
    if (this.recordChanges) this.state.changes.push({ seq: this.seq(), entity, op, portalId, id })
  }

  ensureAccount(email: string, firstName?: string, lastName?: string): Account {
    const key = lower(email)
    const existing = this.state.accountsByEmail.get(key)
    if (existing !== undefined) {
      const account = this.state.accounts.get(existing)
      if (account !== undefined) return account
    }
    const local = key.split("@")[0] ?? key
    const [first, ...rest] = local.split(/[._-]/)
    const cap = (s: string) => (s.length === 0 ? s : (s[0] ?? "").toUpperCase() + s.slice(1))
    const account: Account = {
      zuid: this.state.nextZuid,
      email: key,
      firstName: firstName ?? cap(first ?? local),
      lastName: lastName ?? cap(rest.join(" ")),
    }
    this.state.nextZuid += 13
    this.state.accounts.set(account.zuid, account)
    this.state.accountsByEmail.set(key, account.zuid)
    return account
  }

  accountByEmail(email: string): Account | undefined {
    const zuid = this.state.accountsByEmail.get(lower(email))
    return zuid === undefined ? undefined : this.state.accounts.get(zuid)
  }

  createPortalFor(owner: Account, name: string, orgName?: string, createdTime = this.now()): Portal {
    const id = String(this.state.nextPortalId)
    this.state.nextPortalId += 1000
    const roleIds = {} as Record<RoleName, string>
    const profileIds = {} as Record<RoleName, string>
    for (const r of ROLES) roleIds[r] = this.newId()
    for (const r of ROLES) profileIds[r] = this.newId()
    const layoutId = this.newId()
    const statuses = [
      { name: "Active", color: "#2cc8ba", isClosed: false },
      { name: "In Progress", color: "#08aeea", isClosed: false },
      { name: "On Hold", color: "#fbc11e", isClosed: false },
      { name: "Completed", color: "#5ac64b", isClosed: true },
      { name: "Cancelled", color: "#f56b62", isClosed: true },
    ].map((s) => ({ id: this.newId(), ...s }))
    const standard: Array<[string, string, FieldDef["fieldType"], boolean]> = [
      ["Project Name", "name", "text", true],
      ["Description", "description", "multiline", false],
      ["Owner", "owner", "user_picklist", false],
      ["Status", "status", "picklist", false],
      ["Start Date", "start_date", "date", false],
      ["End Date", "end_date", "date", false],
      ["Project Group", "project_group", "picklist", false],
    ]
    const fields: FieldDef[] = standard.map(([label, apiName, fieldType, mandatory], i) => ({
      id: this.newId(),
      name: label,
      apiName,
      fieldType,
      isCustom: false,
      isMandatory: mandatory,
      sequence: i + 1,
      ...(fieldType === "text" ? { maxLength: 200 } : {}),
      ...(apiName === "status"
        ? { pickListValues: statuses.map((s, j) => ({ id: s.id, value: s.name, sequence: j + 1 })) }
        : {}),
      layoutIds: [layoutId],
    }))
    const portal: Portal = {
      id,
      name,
      orgName,
      ownerZpuid: "",
      timeZone: "Europe/Paris",
      plan: "Enterprise",
      createdTime,
      keyPrefix: (name.replace(/[^A-Za-z]/g, "").slice(0, 2) || "PR").toUpperCase(),
      projectCounter: 0,
      moduleId: this.newId(),
      roleIds,
      profileIds,
      members: new Map(),
      membersByZuid: new Map(),
      projectNames: new Map(),
      clients: new Map(),
      projects: new Map(),
      projectOrder: [],
      groups: new Map(),
      fields,
      layouts: [
        {
          id: layoutId,
          name: "Standard Layout",
          isDefault: true,
          sections: [{ id: this.newId(), name: "Project Information", fields: fields.map((f) => f.apiName) }],
        },
      ],
      statuses,
      webhooks: new Map(),
      webhookSequence: 0,
      revokedKeyEmails: [],
    }
    if (orgName === undefined) delete portal.orgName
    this.state.portals.set(id, portal)
    const ownerMember = this.addMember(portal, owner, "Administrator", createdTime)
    portal.ownerZpuid = ownerMember.zpuid
    this.logChange("portal", "created", id, id)
    return portal
  }

  addMember(
    portal: Portal,
    account: Account,
    role: RoleName,
    addedTime = this.now(),
    clientId?: string,
  ): Member {
    const member: Member = {
      zpuid: this.newId(),
      zuid: account.zuid,
      email: account.email,
      role,
      isActive: true,
      addedTime,
    }
    if (clientId !== undefined) member.clientId = clientId
    portal.members.set(member.zpuid, member)
    portal.membersByZuid.set(account.zuid, member.zpuid)
    if (clientId !== undefined) {
      const client = portal.clients.get(clientId)
      if (client !== undefined) client.contactsCount++
    }
    this.logChange("user", "created", portal.id, member.zpuid)
    return member
  }

  memberByZuid(portal: Portal, zuid: number): Member | undefined {
    const zpuid = portal.membersByZuid.get(zuid)
    return zpuid === undefined ? undefined : portal.members.get(zpuid)
  }

  memberByEmail(portal: Portal, email: string): Member | undefined {
    const account = this.accountByEmail(email)
    return account === undefined ? undefined : this.memberByZuid(portal, account.zuid)
  }

  private portal(id: string): Portal {
    const portal = this.state.portals.get(id)
    if (portal === undefined) throw notFound("Portal")
    return portal
  }

  // ---------------------------------------------------------------- authentication (§3)

  authenticate(creds: Credentials): Caller {
    if (creds.authorization !== undefined) {
      const match = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(creds.authorization)
      if (match?.[1] === undefined) throw invalidOAuthToken("Use the Zoho-oauthtoken authorization scheme")
      const token = this.state.accessTokens.get(match[1])
      if (token === undefined) throw invalidOAuthToken("The access token is invalid or revoked")
      if (token.expiresAt <= this.now()) throw invalidOAuthToken("The access token has expired")
      const account = this.state.accounts.get(token.zuid)
      if (account === undefined) throw invalidOAuthToken("The access token is invalid or revoked")
      return { zuid: account.zuid, email: account.email, via: "oauth", scopes: new Set(token.scopes) }
    }
    if (creds.zscKey !== undefined || creds.zscEmail !== undefined) {
      if (creds.zscKey === undefined || creds.zscKey === "")
        throw invalidKey("The X-ZSC-Key header is missing")
      if (creds.zscEmail === undefined || creds.zscEmail === "")
        throw invalidKey("The X-ZSC-Email header is missing")
      const key = this.state.keys.get(lower(creds.zscEmail))
      const account = this.accountByEmail(creds.zscEmail)
      if (key === undefined || account === undefined || key.key !== creds.zscKey)
        throw invalidKey("The service key does not match this email")
      if (key.revoked) throw invalidKey("The service key has been revoked")
      return { zuid: account.zuid, email: account.email, via: "key" }
    }
    throw invalidOAuthToken("The Authorization header is missing")
  }

  requireScope(caller: Caller, module: ScopeModule, op: Op): void {
    if (caller.scopes === undefined) return
    const all = `ZohoProjects.${module}.ALL`
    if (caller.scopes.has(all)) return
    // §3.2 lists the read-only settings (§4.3) under both the projects and the custom_fields scopes.
    if (
      module === "custom_fields" &&
      (caller.scopes.has("ZohoProjects.projects.READ") || caller.scopes.has("ZohoProjects.projects.ALL"))
    )
      return
    const portalsOp = module === "portals" && op !== "READ"
    if (!portalsOp && caller.scopes.has(`ZohoProjects.${module}.${op}`)) return
    throw invalidOAuthScope(
      `The access token lacks the scope ${portalsOp ? all : `ZohoProjects.${module}.${op}`}`,
    )
  }

  private keyValidFor(portal: Portal, email: string): boolean {
    const member = this.memberByEmail(portal, email)
    return (
      member?.isActive === true &&
      (member.role === "Administrator" || member.zpuid === portal.ownerZpuid) &&
      !portal.revokedKeyEmails.includes(lower(email))
    )
  }

  /** Scope, then portal, then key validity, then membership: the order the real service answers in. */
  access(caller: Caller, portalId: string, module: ScopeModule, op: Op): { portal: Portal; member: Member } {
    this.requireScope(caller, module, op)
    const portal = this.portal(portalId)
    if (caller.via === "key" && !this.keyValidFor(portal, caller.email))
      throw invalidKey("The service key is not valid for this portal")
    const member = this.memberByZuid(portal, caller.zuid)
    if (member === undefined || !member.isActive) throw forbidden("You are not a user of this portal")
    return { portal, member }
  }

  private isAdmin(portal: Portal, m: Member) {
    return m.role === "Administrator" || m.zpuid === portal.ownerZpuid
  }

  private requireAdmin(portal: Portal, m: Member) {
    if (!this.isAdmin(portal, m)) throw forbidden("Only portal administrators may do this")
  }

  private requireStaff(m: Member) {
    if (m.role === "Client") throw forbidden("Client users may not do this")
  }

  private canManageProjects(portal: Portal, m: Member) {
    return this.isAdmin(portal, m) || m.role === "Manager"
  }

  private canReadProject(portal: Portal, m: Member, p: Project): boolean {
    if (this.canManageProjects(portal, m)) return true
    if (m.role === "Client")
      return p.members.includes(m.zpuid) && m.clientId !== undefined && p.clientIds.includes(m.clientId)
    return p.isPublic || p.owner === m.zpuid || p.members.includes(m.zpuid)
  }

  // ---------------------------------------------------------------- rate limiting (§7)

  rateCheck(portalId: string, identity: string): RateInfo | undefined {
    const cfg = this.state.rateLimit
    if (!cfg.enabled) return undefined
    const now = this.now()
    const key = `${portalId}|${identity}`
    let w = this.state.rateWindows.get(key)
    if (w === undefined) {
      w = { hits: [], lockedUntil: 0 }
      this.state.rateWindows.set(key, w)
    }
    if (w.lockedUntil > now) throw throttled(Math.ceil((w.lockedUntil - now) / 1000))
    const from = now - cfg.windowS * 1000
    let drop = 0
    while (drop < w.hits.length && (w.hits[drop] ?? 0) <= from) drop++
    if (drop > 0) w.hits.splice(0, drop)
    if (w.hits.length >= cfg.limit) {
      w.lockedUntil = now + cfg.lockoutS * 1000
      throw throttled(cfg.lockoutS)
    }
    w.hits.push(now)
    return {
      limit: cfg.limit,
      remaining: cfg.limit - w.hits.length,
      reset: (w.hits[0] ?? now) + cfg.windowS * 1000,
    }
  }

  configureRateLimit(body: unknown): NamespaceState["rateLimit"] {
    const b = requireObject(body)
    const enabled = bool(b, "enabled")
    const num = (f: string) => {
      const v = b[f]
      if (v === undefined) return undefined
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
        throw invalidValue(f, `${f} must be a positive integer`)
      return v
    }
    const cfg = this.state.rateLimit
    const limit = num("limit")
    const windowS = num("window_s")
    const lockoutS = num("lockout_s")
    this.state.rateLimit = {
      enabled: enabled ?? true,
      limit: limit ?? cfg.limit,
      windowS: windowS ?? cfg.windowS,
      lockoutS: lockoutS ?? cfg.lockoutS,
    }
    this.state.rateWindows.clear()
    return this.state.rateLimit
  }

  // ---------------------------------------------------------------- portals (§4.1)

  private callerPortals(caller: Caller): Array<{ portal: Portal; member: Member }> {
    const out: Array<{ portal: Portal; member: Member }> = []
    for (const portal of this.state.portals.values()) {
      const member = this.memberByZuid(portal, caller.zuid)
      if (member === undefined || !member.isActive) continue
      if (caller.via === "key" && !this.keyValidFor(portal, caller.email)) continue
      out.push({ portal, member })
    }
    return out
  }

  /** §4.1 + §5: a bare array, paged like `/projects` (a short page is the last). */
  listPortals(caller: Caller, q: Query = {}): Json[] {
    this.requireScope(caller, "portals", "READ")
    const page = parsePage(q)
    const mine = this.callerPortals(caller)
    const first = mine[0]?.portal.id
    return slicePage(mine, page).map(({ portal, member }) =>
      portalView(this.state, portal, member, portal.id === first),
    )
  }

  getPortal(caller: Caller, portalId: string): Json {
    const { portal, member } = this.access(caller, portalId, "portals", "READ")
    return portalView(this.state, portal, member, this.callerPortals(caller)[0]?.portal.id === portal.id)
  }

  /** Who a request counts against for rate limiting: the user behind the token or key, when known. */
  identityOf(creds: Credentials): string {
    const token = /^Zoho-oauthtoken\s+(\S+)/i.exec(creds.authorization ?? "")?.[1]
    if (creds.authorization !== undefined) {
      const zuid = token === undefined ? undefined : this.state.accessTokens.get(token)?.zuid
      return zuid === undefined ? `auth:${creds.authorization}` : `user:${zuid}`
    }
    const account = creds.zscEmail === undefined ? undefined : this.accountByEmail(creds.zscEmail)
    return account === undefined ? `key:${creds.zscEmail ?? ""}` : `user:${account.zuid}`
  }

  createPortal(caller: Caller, body: unknown): Json {
    this.requireScope(caller, "portals", "CREATE")
    const b = requireObject(body)
    const name = str(b, "name", { required: true, min: 1, max: 100 })
    const orgName = str(b, "org_name", { max: 100 })
    const account = this.state.accounts.get(caller.zuid)
    if (account === undefined || typeof name !== "string") throw invalidOAuthToken("Unknown caller")
    const portal = this.createPortalFor(account, name, orgName ?? undefined)
    return portalView(this.state, portal, this.memberByZuid(portal, caller.zuid), false)
  }

  transferPortal(portalId: string, newOwnerEmail: string): Json {
    if (!isEmail(newOwnerEmail)) throw invalidValue("email", "email must be a valid email address")
    const portal = this.portal(portalId)
    const previous = portal.members.get(portal.ownerZpuid)
    const account = this.ensureAccount(newOwnerEmail)
    let member = this.memberByZuid(portal, account.zuid)
    if (member === undefined) member = this.addMember(portal, account, "Administrator")
    else {
      member.role = "Administrator"
      member.isActive = true
      delete member.clientId
      this.logChange("user", "updated", portal.id, member.zpuid)
    }
    portal.ownerZpuid = member.zpuid
    portal.revokedKeyEmails = portal.revokedKeyEmails.filter((e) => e !== account.email)
    if (previous !== undefined && previous.zuid !== account.zuid) portal.revokedKeyEmails.push(previous.email)
    this.logChange("portal", "updated", portal.id, portal.id)
    return portalView(this.state, portal, member, false)
  }

  // ---------------------------------------------------------------- service keys (§3.3)

  getKey(email: string): Json {
    const account = this.accountByEmail(email)
    if (account === undefined) throw notFound("User")
    let key = this.state.keys.get(account.email)
    if (key === undefined) {
      key = { email: account.email, key: hex(this.state.prng, 32), revoked: false }
      this.state.keys.set(account.email, key)
    }
    return this.keyView(account.email)
  }

  regenerateKey(email: string): Json {
    const account = this.accountByEmail(email)
    if (account === undefined) throw notFound("User")
    this.state.keys.set(account.email, {
      email: account.email,
      key: hex(this.state.prng, 32),
      revoked: false,
    })
    for (const portal of this.state.portals.values())
      portal.revokedKeyEmails = portal.revokedKeyEmails.filter((e) => e !== account.email)
    return this.keyView(account.email)
  }

  revokeKey(email: string, portalId?: string): Json {
    const account = this.accountByEmail(email)
    if (account === undefined) throw notFound("User")
    if (portalId !== undefined) {
      const portal = this.portal(portalId)
      if (!portal.revokedKeyEmails.includes(account.email)) portal.revokedKeyEmails.push(account.email)
    } else {
      const key = this.state.keys.get(account.email)
      if (key !== undefined) key.revoked = true
    }
    return this.keyView(account.email)
  }

  private keyView(email: string): Json {
    const key = this.state.keys.get(email)
    const portals: string[] = []
    if (key !== undefined && !key.revoked)
      for (const portal of this.state.portals.values())
        if (this.keyValidFor(portal, email)) portals.push(portal.id)
    return { email, key: key?.key, revoked: key?.revoked ?? false, portal_ids: portals }
  }

  // ---------------------------------------------------------------- OAuth accounts server (§3.1)

  beginAuthorization(q: Query): AuthorizationRequest {
    const need = (f: string) => {
      const v = q[f]
      if (v === undefined || v === "") throw mandatoryMissing(f)
      return v
    }
    const clientId = need("client_id")
    if (need("response_type") !== "code") throw invalidValue("response_type", "response_type must be code")
    const redirectUri = need("redirect_uri")
    if (!isUrl(redirectUri)) throw invalidValue("redirect_uri", "redirect_uri must be an http(s) URL")
    const scopes = splitScopes(need("scope"))
    const req: AuthorizationRequest = { clientId, redirectUri, scopes, offline: q.access_type === "offline" }
    if (q.state !== undefined) req.state = q.state
    return req
  }

  approveAuthorization(req: AuthorizationRequest, email: string): string {
    const account = this.accountByEmail(email)
    if (account === undefined) throw invalidValue("email", "No account with this email")
    const code = `1000.${hex(this.state.prng, 32)}.${hex(this.state.prng, 32)}`
    this.state.codes.set(code, {
      code,
      zuid: account.zuid,
      scopes: req.scopes,
      redirectUri: req.redirectUri,
      clientId: req.clientId,
      offline: req.offline,
      expiresAt: this.now() + CODE_TTL_MS,
    })
    return code
  }

  knownAccounts(): Account[] {
    return [...this.state.accounts.values()].slice(0, 200)
  }

  private mintAccessToken(zuid: number, scopes: string[], ttlS = ACCESS_TOKEN_TTL_S, refreshToken?: string) {
    const token = `1000.${hex(this.state.prng, 32)}.${hex(this.state.prng, 32)}`
    this.state.accessTokens.set(token, {
      token,
      zuid,
      scopes,
      expiresAt: this.now() + ttlS * 1000,
      ...(refreshToken === undefined ? {} : { refreshToken }),
    })
    return token
  }

  /** Token endpoint: failures are HTTP 200 `{"error":…}` answers, as the real accounts server sends. */
  token(params: Query, apiDomain: string): TokenAnswer {
    const clientId = params.client_id ?? ""
    const clientSecret = params.client_secret ?? ""
    if (clientId === "" || clientSecret === "") return { error: "invalid_client" }
    if (params.grant_type === "authorization_code") {
      const code = this.state.codes.get(params.code ?? "")
      if (code === undefined || code.expiresAt <= this.now()) return { error: "invalid_code" }
      if (code.clientId !== clientId) return { error: "invalid_client" }
      if (code.redirectUri !== params.redirect_uri) return { error: "invalid_code" }
      this.state.codes.delete(code.code)
      let refresh: string | undefined
      if (code.offline) {
        refresh = `1000.${hex(this.state.prng, 32)}.${hex(this.state.prng, 32)}`
        this.state.refreshTokens.set(refresh, {
          token: refresh,
          zuid: code.zuid,
          scopes: code.scopes,
          clientId,
        })
      }
      const access = this.mintAccessToken(code.zuid, code.scopes, ACCESS_TOKEN_TTL_S, refresh)
      return {
        access_token: access,
        ...(refresh === undefined ? {} : { refresh_token: refresh }),
        scope: code.scopes.join(" "),
        api_domain: apiDomain,
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_TTL_S,
      }
    }
    if (params.grant_type === "refresh_token") {
      const refresh = this.state.refreshTokens.get(params.refresh_token ?? "")
      if (refresh === undefined) return { error: "invalid_code" }
      if (refresh.clientId !== clientId) return { error: "invalid_client" }
      const access = this.mintAccessToken(refresh.zuid, refresh.scopes, ACCESS_TOKEN_TTL_S, refresh.token)
      return {
        access_token: access,
        scope: refresh.scopes.join(" "),
        api_domain: apiDomain,
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_TTL_S,
      }
    }
    return { error: "unsupported_grant_type" }
  }

  revokeToken(token: string): void {
    if (this.state.refreshTokens.delete(token)) {
      for (const [k, t] of this.state.accessTokens)
        if (t.refreshToken === token) this.state.accessTokens.delete(k)
      return
    }
    if (!this.state.accessTokens.delete(token)) throw invalidValue("token", "Unknown token")
  }

  userInfo(creds: Credentials): Json {
    const caller = this.authenticate({ authorization: creds.authorization ?? "" })
    if (caller.scopes !== undefined && !caller.scopes.has("AaaServer.profile.READ"))
      throw invalidOAuthScope("The access token lacks the scope AaaServer.profile.READ")
    const a = this.state.accounts.get(caller.zuid)
    if (a === undefined) throw invalidOAuthToken("Unknown user")
    return {
      ZUID: a.zuid,
      Email: a.email,
      Display_Name: `${a.firstName} ${a.lastName}`.trim(),
      First_Name: a.firstName,
      Last_Name: a.lastName,
    }
  }

  /** Control API: an access token without the browser (all scopes, 3600 s unless told otherwise). */
  issueToken(body: unknown, apiDomain: string): Json {
    const b = requireObject(body)
    const email = emailField(b, "email", true)
    if (typeof email !== "string") throw mandatoryMissing("email")
    const account = this.accountByEmail(email)
    if (account === undefined) throw notFound("User")
    let scopes = [...ALL_SCOPES]
    if (b.scopes !== undefined) {
      if (typeof b.scopes === "string") scopes = splitScopes(b.scopes)
      else if (Array.isArray(b.scopes) && b.scopes.every((s) => typeof s === "string")) scopes = b.scopes
      else throw invalidValue("scopes", "scopes must be a string or an array of strings")
    }
    const ttl = b.expires_in
    if (ttl !== undefined && (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 1))
      throw invalidValue("expires_in", "expires_in must be a positive integer")
    let refresh: string | undefined
    if (b.refresh === true) {
      refresh = `1000.${hex(this.state.prng, 32)}.${hex(this.state.prng, 32)}`
      this.state.refreshTokens.set(refresh, { token: refresh, zuid: account.zuid, scopes, clientId: "mock" })
    }
    const expiresIn = typeof ttl === "number" ? ttl : ACCESS_TOKEN_TTL_S
    return {
      access_token: this.mintAccessToken(account.zuid, scopes, expiresIn, refresh),
      ...(refresh === undefined ? {} : { refresh_token: refresh, client_id: "mock" }),
      scope: scopes.join(" "),
      api_domain: apiDomain,
      token_type: "Bearer",
      expires_in: expiresIn,
    }
  }

  // ---------------------------------------------------------------- projects (§4.2)

  private sortedProjects(portal: Portal, status: StatusFilter, column: SortColumn): Project[] {
    let cache = this.sorted.get(portal)
    if (cache === undefined) {
      cache = new Map()
      this.sorted.set(portal, cache)
    }
    const key = `${status}|${column}`
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    // projectOrder is kept in (created_time, id) order, so the default sort is a filter, not a sort.
    let list =
      status === "all"
        ? portal.projectOrder.slice()
        : portal.projectOrder.filter((p) => p.projectType === status)
    if (column === "last_modified_time")
      list = list.sort((a, b) => a.modifiedTime - b.modifiedTime || compareIds(a.id, b.id))
    else if (column === "name") {
      const names = new Map(list.map((p) => [p, lower(p.name)]))
      list = list.sort((a, b) => {
        const x = names.get(a) ?? ""
        const y = names.get(b) ?? ""
        return x < y ? -1 : x > y ? 1 : compareIds(a.id, b.id)
      })
    }
    cache.set(key, list)
    return list
  }

  private projectsChanged(portal: Portal): void {
    this.sorted.delete(portal)
  }

  private parseProjectSort(q: Query): { column: SortColumn; descending: boolean } {
    let column: string = q.sort_column ?? "created_time"
    let order: string = q.sort_order ?? "descending"
    if (q.sort !== undefined) {
      const [c, o] = q.sort.split(":")
      column = c ?? column
      order = o ?? "desc"
    }
    if (column === "modified_time") column = "last_modified_time"
    if (!SORT_COLUMNS.includes(column as SortColumn))
      throw invalidValue(
        q.sort !== undefined ? "sort" : "sort_column",
        `sort column must be one of ${SORT_COLUMNS.join(", ")}`,
      )
    const o = lower(order)
    if (!["ascending", "asc", "descending", "desc"].includes(o))
      throw invalidValue(
        q.sort !== undefined ? "sort" : "sort_order",
        "sort order must be ascending or descending",
      )
    return { column: column as SortColumn, descending: o.startsWith("desc") }
  }

  listProjects(caller: Caller, portalId: string, q: Query): Json[] {
    const { portal, member } = this.access(caller, portalId, "projects", "READ")
    const page = parsePage(q)
    const statusRaw = q.status ?? q.status_type ?? "active"
    if (!STATUS_FILTERS.includes(statusRaw as StatusFilter))
      throw invalidValue(
        q.status !== undefined ? "status" : "status_type",
        "status must be active, archived, template or all",
      )
    const { column, descending } = this.parseProjectSort(q)
    let since: number | undefined
    if (q.last_modified_time !== undefined) {
      if (!/^\d+$/.test(q.last_modified_time))
        throw invalidValue("last_modified_time", "last_modified_time must be epoch milliseconds")
      since = Number(q.last_modified_time)
    }
    const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
    const base = this.sortedProjects(portal, statusRaw as StatusFilter, column)
    const hidden = this.hiddenProjects()
    const restricted = !this.canManageProjects(portal, member)
    const filtered = since !== undefined || search !== undefined || hidden.size > 0 || restricted
    const pageItems: Project[] = []
    if (!filtered) {
      for (let i = page.offset; i < page.offset + page.perPage && i < base.length; i++) {
        const p = base[descending ? base.length - 1 - i : i]
        if (p !== undefined) pageItems.push(p)
      }
    } else {
      let skipped = 0
      const n = base.length
      for (let k = 0; k < n && pageItems.length < page.perPage; k++) {
        const p = base[descending ? n - 1 - k : k]
        if (p === undefined) continue
        if (since !== undefined && p.modifiedTime < since) continue
        if (search !== undefined && !lower(p.name).includes(search)) continue
        if (hidden.has(p)) continue
        if (restricted && !this.canReadProject(portal, member, p)) continue
        if (skipped < page.offset) skipped++
        else pageItems.push(p)
      }
    }
    return pageItems.map((p) => projectView(this.state, portal, p))
  }

  private hiddenProjects(): Set<Project> {
    if (this.pendingVisible.size === 0) return this.pendingVisible
    const now = this.now()
    for (const p of this.pendingVisible) if ((p.visibleAt ?? 0) <= now) this.pendingVisible.delete(p)
    return this.pendingVisible
  }

  private project(portal: Portal, id: string): Project {
    const p = portal.projects.get(id)
    if (p === undefined) throw notFound("Project")
    return p
  }

  private readableProject(portal: Portal, member: Member, id: string): Project {
    const p = this.project(portal, id)
    if (!this.canReadProject(portal, member, p)) throw forbidden("You are not a member of this project")
    return p
  }

  getProject(caller: Caller, portalId: string, id: string): Json {
    const { portal, member } = this.access(caller, portalId, "projects", "READ")
    return projectView(this.state, portal, this.readableProject(portal, member, id))
  }

  private activeStaff(portal: Portal, field: string, raw: unknown): string {
    let zpuid: string
    if (typeof raw === "string" && raw.includes("@")) {
      const m = this.memberByEmail(portal, raw)
      if (m === undefined) throw invalidValue(field, `${field} is not a user of this portal`)
      zpuid = m.zpuid
    } else
      zpuid = refId(field, raw, typeof raw === "object" && raw !== null && "zpuid" in raw ? "zpuid" : "id")
    const m = portal.members.get(zpuid)
    if (m === undefined || !m.isActive)
      throw invalidValue(field, `${field} is not an active user of this portal`)
    if (m.role === "Client") throw invalidValue(field, `${field} cannot be a client user`)
    return zpuid
  }

  private customValue(portal: Portal, field: FieldDef, raw: unknown): CustomValue {
    const f = field.apiName
    const num = (integer: boolean) => {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw
      if (typeof n !== "number" || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
        throw invalidValue(f, `${f} must be ${integer ? "an integer" : "a number"}`)
      return n
    }
    const text = (max: number) => {
      if (typeof raw !== "string") throw invalidValue(f, `${f} must be a string`)
      if (raw.length > max) throw invalidValue(f, `${f} must have at most ${max} characters`)
      return raw
    }
    const listed = (v: unknown) => {
      if (typeof v !== "string" || !(field.pickListValues ?? []).some((p) => p.value === v))
        throw invalidValue(f, `${f} must be one of its listed values`)
      return v
    }
    const user = (v: unknown) => {
      const zpuid = refId(f, v, typeof v === "object" && v !== null && "zpuid" in v ? "zpuid" : "id")
      const m = portal.members.get(zpuid)
      if (m === undefined || !m.isActive) throw invalidValue(f, `${f} must be an active user of this portal`)
      return zpuid
    }
    switch (field.fieldType) {
      case "text":
        return text(field.maxLength ?? 255)
      case "multiline":
        return text(32_000)
      case "email":
        if (!isEmail(text(254))) throw invalidValue(f, `${f} must be a valid email address`)
        return raw as string
      case "phone":
        if (!isPhone(text(30))) throw invalidValue(f, `${f} must be a phone number`)
        return raw as string
      case "url":
        if (!isUrl(text(2000))) throw invalidValue(f, `${f} must be an http(s) URL`)
        return raw as string
      case "number":
        return num(true)
      case "decimal":
      case "currency":
        return num(false)
      case "percent": {
        const n = num(false)
        if (n < 0 || n > 100) throw invalidValue(f, `${f} must be between 0 and 100`)
        return n
      }
      case "date":
        return parseDate(f, raw)
      case "datetime":
        return parseDateTime(f, raw)
      case "boolean":
        if (typeof raw !== "boolean") throw invalidValue(f, `${f} must be a boolean`)
        return raw
      case "picklist":
        return listed(raw)
      case "multi_select":
        if (!Array.isArray(raw)) throw invalidValue(f, `${f} must be an array of listed values`)
        return raw.map(listed)
      case "user_picklist":
        return user(raw)
      case "multi_user_picklist":
        if (!Array.isArray(raw)) throw invalidValue(f, `${f} must be an array of users`)
        return raw.map(user)
    }
  }

  /** Validates a project create/update body into a patch; writes nothing (§4.2). */
  private projectPatch(portal: Portal, caller: Member, b: Body, existing: Project | undefined) {
    const creating = existing === undefined
    const patch: Partial<Project> & { clear: Set<keyof Project>; changed: string[] } = {
      clear: new Set(),
      changed: [],
    }
    const touch = (name: string) => patch.changed.push(name)
    if (creating || has(b, "name")) {
      const name = str(b, "name", { required: true, min: 1, max: 200 })
      if (typeof name === "string") {
        const clash = portal.projectNames.get(lower(name))
        if (clash !== undefined && clash !== existing?.id)
          throw alreadyExists("name", `A project named "${name}" already exists`)
        patch.name = name
        touch("name")
      }
    }
    if (has(b, "description")) {
      const v = b.description
      if (v === null) patch.clear.add("description")
      else if (typeof v !== "string") throw invalidValue("description", "description must be a string")
      else if (v.length > 80_000)
        throw invalidValue("description", "description must have at most 80000 characters")
      else patch.description = v
      touch("description")
    }
    for (const f of ["start_date", "end_date"] as const) {
      if (!has(b, f)) continue
      const key = f === "start_date" ? "startDate" : "endDate"
      if (b[f] === null || b[f] === "") patch.clear.add(key)
      else patch[key] = parseDate(f, b[f])
      touch(f)
    }
    const start = patch.clear.has("startDate") ? undefined : (patch.startDate ?? existing?.startDate)
    const end = patch.clear.has("endDate") ? undefined : (patch.endDate ?? existing?.endDate)
    if (start !== undefined && end !== undefined && end < start)
      throw invalidValue("end_date", "end_date must not be before start_date")
    if (has(b, "owner") && b.owner !== null) {
      patch.owner = this.activeStaff(portal, "owner", b.owner)
      touch("owner")
    }
    let type: ProjectType | undefined
    if (has(b, "status") && b.status !== null) {
      if (typeof b.status === "string" && ["active", "archived", "template"].includes(b.status)) {
        type = b.status as ProjectType
      } else {
        const id = refId("status", b.status)
        if (!portal.statuses.some((s) => s.id === id))
          throw invalidValue("status", "status is not a status of this portal")
        patch.statusId = id
      }
      touch("status")
    }
    if (has(b, "project_type") && b.project_type !== null) {
      const allowed = creating ? ["active", "template"] : ["active", "template", "archived"]
      if (typeof b.project_type !== "string" || !allowed.includes(b.project_type))
        throw invalidValue("project_type", `project_type must be one of ${allowed.join(", ")}`)
      type = b.project_type as ProjectType
      touch("project_type")
    }
    if (type !== undefined) patch.projectType = type
    const isPublic = bool(b, "is_public_project")
    if (isPublic !== undefined) {
      patch.isPublic = isPublic
      touch("is_public_project")
    } else if (has(b, "is_public") && b.is_public !== null) {
      if (b.is_public !== "yes" && b.is_public !== "no")
        throw invalidValue("is_public", "is_public must be yes or no")
      patch.isPublic = b.is_public === "yes"
      touch("is_public_project")
    }
    const isStrict = bool(b, "is_strict_project")
    if (isStrict !== undefined) {
      patch.isStrict = isStrict
      touch("is_strict_project")
    }
    const layoutRaw = has(b, "layout") ? b.layout : b.layout_id
    if (layoutRaw !== undefined && layoutRaw !== null) {
      const f = has(b, "layout") ? "layout" : "layout_id"
      const id = refId(f, layoutRaw)
      if (!portal.layouts.some((l) => l.id === id))
        throw invalidValue(f, `${f} is not a layout of this portal`)
      patch.layoutId = id
      touch("layout")
    }
    const groupKey = has(b, "project_group") ? "project_group" : has(b, "group_id") ? "group_id" : undefined
    if (groupKey !== undefined) {
      const raw = b[groupKey]
      if (raw === null || raw === "") patch.clear.add("groupId")
      else {
        const id = refId(groupKey, raw)
        if (!portal.groups.has(id)) throw invalidValue(groupKey, `${groupKey} is not a group of this portal`)
        patch.groupId = id
      }
      touch("project_group")
    }
    if (has(b, "budget_info")) {
      const v = b.budget_info
      if (v === null) patch.clear.add("budgetInfo")
      else if (typeof v !== "object" || Array.isArray(v))
        throw invalidValue("budget_info", "budget_info must be an object")
      else patch.budgetInfo = { ...(v as Body) }
      touch("budget_info")
    }
    if (has(b, "clients") && b.clients !== null) {
      if (!Array.isArray(b.clients)) throw invalidValue("clients", "clients must be an array of {id}")
      const ids = [...new Set(b.clients.map((c) => refId("clients", c)))]
      for (const id of ids)
        if (!portal.clients.has(id)) throw invalidValue("clients", `client ${id} does not exist`)
      patch.clientIds = ids
      touch("clients")
    }
    // Custom fields: top level under their api_name, or (compat) inside "custom_fields".
    const layoutId = patch.layoutId ?? existing?.layoutId ?? portal.layouts.find((l) => l.isDefault)?.id ?? ""
    const customIn: Body = {}
    if (has(b, "custom_fields") && b.custom_fields !== null) {
      if (typeof b.custom_fields !== "object" || Array.isArray(b.custom_fields))
        throw invalidValue("custom_fields", "custom_fields must be an object")
      Object.assign(customIn, b.custom_fields)
    }
    for (const k of Object.keys(b)) if (/^projects_cf_\d+$/.test(k)) customIn[k] = b[k]
    const custom: Record<string, CustomValue | null> = {}
    for (const [k, raw] of Object.entries(customIn)) {
      const field = portal.fields.find((f) => f.isCustom && f.apiName === k)
      if (field === undefined) throw invalidValue(k, `${k} is not a custom field of this portal`)
      if (!field.layoutIds.includes(layoutId)) throw invalidValue(k, `${k} is not in the project's layout`)
      if (raw === null || raw === "") {
        if (field.isMandatory) throw mandatoryMissing(k)
        custom[k] = null
      } else custom[k] = this.customValue(portal, field, raw)
      touch(k)
    }
    if (creating) {
      for (const field of portal.fields) {
        if (!field.isCustom || !field.layoutIds.includes(layoutId) || custom[field.apiName] !== undefined)
          continue
        if (field.isMandatory) throw mandatoryMissing(field.apiName)
        if (field.defaultValue !== undefined) custom[field.apiName] = field.defaultValue
      }
    }
    void caller
    return { patch, custom }
  }

  private applyPatch(
    portal: Portal,
    p: Project,
    patch: ReturnType<Emulator["projectPatch"]>["patch"],
    custom: Record<string, CustomValue | null>,
  ): void {
    if (patch.name !== undefined && patch.name !== p.name) {
      portal.projectNames.delete(lower(p.name))
      p.name = patch.name
      portal.projectNames.set(lower(p.name), p.id)
    }
    if (patch.description !== undefined) p.description = patch.description
    if (patch.startDate !== undefined) p.startDate = patch.startDate
    if (patch.endDate !== undefined) p.endDate = patch.endDate
    if (patch.owner !== undefined) {
      p.owner = patch.owner
      if (!p.members.includes(patch.owner)) p.members.push(patch.owner)
    }
    if (patch.statusId !== undefined) p.statusId = patch.statusId
    if (patch.projectType !== undefined) p.projectType = patch.projectType
    if (patch.isPublic !== undefined) p.isPublic = patch.isPublic
    if (patch.isStrict !== undefined) p.isStrict = patch.isStrict
    if (patch.layoutId !== undefined) p.layoutId = patch.layoutId
    if (patch.groupId !== undefined) p.groupId = patch.groupId
    if (patch.budgetInfo !== undefined) p.budgetInfo = patch.budgetInfo
    if (patch.clientIds !== undefined) this.setProjectClients(portal, p, patch.clientIds)
    for (const k of patch.clear) delete p[k]
    for (const [k, v] of Object.entries(custom)) {
      if (v === null) delete p.custom[k]
      else p.custom[k] = v
    }
  }

  private setProjectClients(portal: Portal, p: Project, ids: string[]): void {
    for (const id of p.clientIds) {
      const c = portal.clients.get(id)
      if (c !== undefined) c.projectsCount--
    }
    p.clientIds = ids
    for (const id of ids) {
      const c = portal.clients.get(id)
      if (c !== undefined) c.projectsCount++
    }
  }

  /** Inserts a project keeping `projectOrder` in (created_time, id) order: time never runs backwards here. */
  insertProject(portal: Portal, p: Project): void {
    const last = portal.projectOrder[portal.projectOrder.length - 1]
    if (last !== undefined && p.createdTime < last.createdTime) p.createdTime = last.createdTime
    if (p.modifiedTime < p.createdTime) p.modifiedTime = p.createdTime
    portal.projects.set(p.id, p)
    portal.projectOrder.push(p)
    portal.projectNames.set(lower(p.name), p.id)
    for (const id of p.clientIds) {
      const c = portal.clients.get(id)
      if (c !== undefined) c.projectsCount++
    }
    this.projectsChanged(portal)
  }

  createProject(caller: Caller, portalId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "projects", "CREATE")
    if (!this.canManageProjects(portal, member))
      throw forbidden("Only administrators and managers create projects")
    const b = requireObject(body)
    const { patch, custom } = this.projectPatch(portal, member, b, undefined)
    const now = this.now()
    const defaultStatus = portal.statuses[0]?.id ?? ""
    const p: Project = {
      id: this.newId(),
      key: `${portal.keyPrefix}-${++portal.projectCounter}`,
      name: patch.name ?? "",
      projectType: "active",
      statusId: defaultStatus,
      owner: member.zpuid,
      createdBy: member.zpuid,
      updatedBy: member.zpuid,
      createdTime: now,
      modifiedTime: now,
      isPublic: false,
      isStrict: false,
      layoutId: portal.layouts.find((l) => l.isDefault)?.id ?? "",
      clientIds: [],
      members: [member.zpuid],
      custom: {},
      percentComplete: 0,
      openTasks: 0,
      closedTasks: 0,
    }
    this.applyPatch(portal, p, { ...patch, clientIds: undefined, name: undefined }, custom)
    if (!p.members.includes(p.owner)) p.members.push(p.owner)
    const delay = this.state.behaviors.listDelaySeconds
    if (delay > 0) {
      p.visibleAt = now + delay * 1000
      this.pendingVisible.add(p)
    }
    const clientIds = patch.clientIds ?? []
    this.insertProject(portal, p)
    if (clientIds.length > 0) this.setProjectClients(portal, p, clientIds)
    this.logChange("project", "created", portal.id, p.id)
    this.emit(portal, "project.created", p, [])
    return projectView(this.state, portal, p)
  }

  updateProject(caller: Caller, portalId: string, id: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "projects", "UPDATE")
    const p = this.readableProject(portal, member, id)
    if (!this.canManageProjects(portal, member) && p.owner !== member.zpuid)
      throw forbidden("Only administrators, managers and the project owner edit a project")
    const { patch, custom } = this.projectPatch(portal, member, requireObject(body), p)
    this.applyPatch(portal, p, patch, custom)
    this.touchProject(portal, p, member)
    this.emit(portal, "project.updated", p, [...new Set(patch.changed)])
    return projectView(this.state, portal, p)
  }

  private touchProject(portal: Portal, p: Project, by: Member): void {
    p.updatedBy = by.zpuid
    p.modifiedTime = Math.max(this.now(), p.modifiedTime)
    this.projectsChanged(portal)
    this.logChange("project", "updated", portal.id, p.id)
  }

  trashProject(caller: Caller, portalId: string, id: string): void {
    const { portal, member } = this.access(caller, portalId, "projects", "DELETE")
    const p = this.readableProject(portal, member, id)
    if (!this.canManageProjects(portal, member))
      throw forbidden("Only administrators and managers delete projects")
    const last = projectView(this.state, portal, p)
    portal.projects.delete(p.id)
    const i = portal.projectOrder.indexOf(p)
    if (i >= 0) portal.projectOrder.splice(i, 1)
    portal.projectNames.delete(lower(p.name))
    this.setProjectClients(portal, p, [])
    this.pendingVisible.delete(p)
    this.projectsChanged(portal)
    this.logChange("project", "deleted", portal.id, p.id)
    this.emitView(portal, "project.deleted", last, [])
  }

  // ---------------------------------------------------------------- project users (§4.5), project clients

  listProjectUsers(caller: Caller, portalId: string, id: string, q: Query): Json {
    const { portal, member } = this.access(caller, portalId, "users", "READ")
    const p = this.readableProject(portal, member, id)
    const page = parsePage(q)
    const members = p.members.flatMap((z) => {
      const m = portal.members.get(z)
      return m === undefined ? [] : [m]
    })
    return {
      users: slicePage(members, page).map((m) => userView(this.state, portal, m)),
      page_info: pageInfo(page, members.length),
    }
  }

  getProjectUser(caller: Caller, portalId: string, id: string, userId: string): Json {
    const { portal, member } = this.access(caller, portalId, "users", "READ")
    const p = this.readableProject(portal, member, id)
    const m = this.findMember(portal, userId)
    if (!p.members.includes(m.zpuid)) throw notFound("Project user")
    return this.single("users", userView(this.state, portal, m))
  }

  /** Project users and client links: administrators and managers only (§3.2). */
  private managedProject(caller: Caller, portalId: string, id: string, module: ScopeModule, op: Op) {
    const { portal, member } = this.access(caller, portalId, module, op)
    const p = this.project(portal, id)
    if (!this.canManageProjects(portal, member))
      throw forbidden(
        `Only administrators and managers manage project ${module === "users" ? "users" : "clients"}`,
      )
    return { portal, member, p }
  }

  addProjectUser(caller: Caller, portalId: string, id: string, body: unknown): Json {
    const { portal, member, p } = this.managedProject(caller, portalId, id, "users", "CREATE")
    const b = requireObject(body)
    let target: Member | undefined
    if (b.user_id !== undefined && b.user_id !== null) {
      target = portal.members.get(refId("user_id", b.user_id))
      if (target === undefined) throw invalidValue("user_id", "user_id is not a user of this portal")
    } else {
      const e = emailField(b, "email")
      if (typeof e !== "string") throw mandatoryMissing("user_id")
      target = this.memberByEmail(portal, e)
      if (target === undefined) throw invalidValue("email", "email is not a user of this portal")
    }
    if (!target.isActive) throw invalidValue("user_id", "the user is inactive")
    if (p.members.includes(target.zpuid))
      throw alreadyExists("user_id", "The user is already a member of this project")
    p.members.push(target.zpuid)
    this.touchProject(portal, p, member)
    this.emit(portal, "project.updated", p, ["users"])
    return this.single("users", userView(this.state, portal, target))
  }

  removeProjectUser(caller: Caller, portalId: string, id: string, userId: string): void {
    const { portal, member, p } = this.managedProject(caller, portalId, id, "users", "DELETE")
    const target = this.findMember(portal, userId)
    const i = p.members.indexOf(target.zpuid)
    if (i < 0) throw notFound("Project user")
    if (p.owner === target.zpuid) throw resourceInUse("The project owner cannot be removed from the project")
    p.members.splice(i, 1)
    this.touchProject(portal, p, member)
    this.emit(portal, "project.updated", p, ["users"])
  }

  listProjectClients(caller: Caller, portalId: string, id: string): Json {
    const { portal, member } = this.access(caller, portalId, "clients", "READ")
    const p = this.readableProject(portal, member, id)
    return {
      clients: p.clientIds.flatMap((c) => {
        const client = portal.clients.get(c)
        return client === undefined ? [] : [clientView(client)]
      }),
    }
  }

  linkProjectClient(caller: Caller, portalId: string, id: string, body: unknown): Json {
    const { portal, member, p } = this.managedProject(caller, portalId, id, "clients", "CREATE")
    const b = requireObject(body)
    if (b.client_id === undefined || b.client_id === null) throw mandatoryMissing("client_id")
    const clientId = refId("client_id", b.client_id)
    const client = portal.clients.get(clientId)
    if (client === undefined) throw invalidValue("client_id", "client_id is not a client of this portal")
    if (p.clientIds.includes(clientId))
      throw alreadyExists("client_id", "The client is already linked to this project")
    this.setProjectClients(portal, p, [...p.clientIds, clientId])
    this.touchProject(portal, p, member)
    this.emit(portal, "project.updated", p, ["clients"])
    return this.single("clients", clientView(client))
  }

  unlinkProjectClient(caller: Caller, portalId: string, id: string, clientId: string): void {
    const { portal, member, p } = this.managedProject(caller, portalId, id, "clients", "DELETE")
    if (!p.clientIds.includes(clientId)) throw notFound("Project client")
    this.setProjectClients(
      portal,
      p,
      p.clientIds.filter((c) => c !== clientId),
    )
    this.touchProject(portal, p, member)
    this.emit(portal, "project.updated", p, ["clients"])
  }

  private projectsPage(portal: Portal, member: Member, q: Query, keep: (p: Project) => boolean): Json {
    const page = parsePage(q)
    const { column, descending } = this.parseProjectSort(q)
    const status = (q.status ?? q.status_type ?? "all") as StatusFilter
    if (!STATUS_FILTERS.includes(status))
      throw invalidValue("status", "status must be active, archived, template or all")
    const base = this.sortedProjects(portal, status, column)
    const all: Project[] = []
    for (let k = 0; k < base.length; k++) {
      const p = base[descending ? base.length - 1 - k : k]
      if (p !== undefined && keep(p) && this.canReadProject(portal, member, p)) all.push(p)
    }
    return {
      projects: slicePage(all, page).map((p) => projectView(this.state, portal, p)),
      page_info: pageInfo(page, all.length),
    }
  }

  userProjects(caller: Caller, portalId: string, userId: string, q: Query): Json {
    const { portal, member } = this.access(caller, portalId, "projects", "READ")
    const target = this.findMember(portal, userId)
    return this.projectsPage(portal, member, q, (p) => p.members.includes(target.zpuid))
  }

  clientProjects(caller: Caller, portalId: string, clientId: string, q: Query): Json {
    const { portal, member } = this.access(caller, portalId, "projects", "READ")
    if (!portal.clients.has(clientId)) throw notFound("Client")
    return this.projectsPage(portal, member, q, (p) => p.clientIds.includes(clientId))
  }

  // ---------------------------------------------------------------- settings (§4.3)

  modules(caller: Caller, portalId: string): Json {
    const { portal } = this.access(caller, portalId, "custom_fields", "READ")
    return { modules: [{ id: portal.moduleId, name: "Projects", api_name: "projects", is_default: true }] }
  }

  private moduleOf(portal: Portal, moduleId: string) {
    if (moduleId !== portal.moduleId && moduleId !== "projects") throw notFound("Module")
  }

  module(caller: Caller, portalId: string, moduleId: string): Json {
    const { portal } = this.access(caller, portalId, "custom_fields", "READ")
    this.moduleOf(portal, moduleId)
    const m = { id: portal.moduleId, name: "Projects", api_name: "projects", is_default: true }
    return { ...m, modules: [m] }
  }

  fields(caller: Caller, portalId: string, moduleId: string, projectId?: string): Json {
    const { portal, member } = this.access(caller, portalId, "custom_fields", "READ")
    this.moduleOf(portal, moduleId)
    let defs = portal.fields
    if (projectId !== undefined) {
      const p = this.readableProject(portal, member, projectId)
      defs = defs.filter((f) => f.layoutIds.includes(p.layoutId))
    }
    return { fields: [...defs.filter((f) => !f.isCustom), ...defs.filter((f) => f.isCustom)].map(fieldView) }
  }

  field(caller: Caller, portalId: string, moduleId: string, fieldId: string): Json {
    const { portal } = this.access(caller, portalId, "custom_fields", "READ")
    this.moduleOf(portal, moduleId)
    const f = portal.fields.find((x) => x.id === fieldId || x.apiName === fieldId)
    if (f === undefined) throw notFound("Field")
    return this.single("fields", fieldView(f))
  }

  layouts(caller: Caller, portalId: string): Json {
    const { portal } = this.access(caller, portalId, "custom_fields", "READ")
    return { layouts: portal.layouts.map(layoutView) }
  }

  layout(caller: Caller, portalId: string, layoutId: string): Json {
    const { portal } = this.access(caller, portalId, "custom_fields", "READ")
    const l = portal.layouts.find((x) => x.id === layoutId)
    if (l === undefined) throw notFound("Layout")
    return this.single("layouts", layoutView(l))
  }

  statuses(caller: Caller, portalId: string): Json {
    const { portal } = this.access(caller, portalId, "custom_fields", "READ")
    return { statuses: portal.statuses.map(statusView) }
  }

  // ---------------------------------------------------------------- portal users and roles (§4.4, §4.7)

  private single(plural: string, view: Json): Json {
    return { ...view, [plural]: [view] }
  }

  private findMember(portal: Portal, idOrEmail: string): Member {
    const m = idOrEmail.includes("@") ? this.memberByEmail(portal, idOrEmail) : portal.members.get(idOrEmail)
    if (m === undefined) throw notFound("User")
    return m
  }

  private accountName(m: Member): string {
    const a = this.state.accounts.get(m.zuid)
    return a === undefined ? "" : lower(`${a.firstName} ${a.lastName}`)
  }

  listUsers(caller: Caller, portalId: string, q: Query): Json {
    const { portal, member } = this.access(caller, portalId, "users", "READ")
    this.requireStaff(member)
    const page = parsePage(q)
    const type = q.type ?? "0"
    if (!["0", "1", "2"].includes(type)) throw invalidValue("type", "type must be 0, 1 or 2")
    const view = q.view_type ?? "active"
    if (!["active", "inactive", "all"].includes(view))
      throw invalidValue("view_type", "view_type must be active, inactive or all")
    const ids = q.ids === undefined ? undefined : new Set(q.ids.split(",").map((s) => s.trim()))
    const companies =
      q.company_ids === undefined ? undefined : new Set(q.company_ids.split(",").map((s) => s.trim()))
    const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
    let sortDir: 1 | -1 | 0 = 0
    if (q.sort !== undefined) {
      const [c, o = "asc"] = q.sort.split(":")
      if (c !== "alphabetical" || !["asc", "desc"].includes(o))
        throw invalidValue("sort", "sort must be alphabetical:asc|desc")
      sortDir = o === "asc" ? 1 : -1
    }
    let list: Member[] = []
    for (const m of portal.members.values()) {
      if (type === "1" && m.role === "Client") continue
      if (type === "2" && m.role !== "Client") continue
      if (view === "active" && !m.isActive) continue
      if (view === "inactive" && m.isActive) continue
      if (ids !== undefined && !ids.has(m.zpuid)) continue
      if (companies !== undefined && (m.clientId === undefined || !companies.has(m.clientId))) continue
      if (search !== undefined && !m.email.includes(search) && !this.accountName(m).includes(search)) continue
      list.push(m)
    }
    if (sortDir !== 0) {
      const names = new Map(list.map((m) => [m, this.accountName(m)]))
      list = list.sort((a, b) => {
        const x = names.get(a) ?? ""
        const y = names.get(b) ?? ""
        return (x < y ? -1 : x > y ? 1 : compareIds(a.zpuid, b.zpuid)) * sortDir
      })
    }
    return {
      users: slicePage(list, page).map((m) => userView(this.state, portal, m)),
      page_info: pageInfo(page, list.length),
    }
  }

  getUser(caller: Caller, portalId: string, userId: string): Json {
    const { portal, member } = this.access(caller, portalId, "users", "READ")
    const target = this.findMember(portal, userId)
    if (member.role === "Client" && target.zpuid !== member.zpuid)
      throw forbidden("Client users may not do this")
    return this.single("users", userView(this.state, portal, target))
  }

  private parseRole(portal: Portal, b: Body): RoleName | undefined {
    if (b.role !== undefined && b.role !== null) {
      const raw = b.role
      const name =
        typeof raw === "string"
          ? raw
          : typeof raw === "object" && !Array.isArray(raw) && typeof (raw as Body).name === "string"
            ? ((raw as Body).name as string)
            : undefined
      const role = ROLES.find(
        (r) => name !== undefined && (lower(r) === lower(name) || roleType(r) === lower(name)),
      )
      if (role === undefined || role === "Client")
        throw invalidValue(
          "role",
          "role must be Administrator, Manager, Employee or Contractor (client users: /clients/{id}/users)",
        )
      return role
    }
    for (const f of ["role_id", "profile_id"] as const) {
      if (b[f] === undefined || b[f] === null) continue
      const id = refId(f, b[f])
      const ids = f === "role_id" ? portal.roleIds : portal.profileIds
      const role = ROLES.find((r) => ids[r] === id)
      if (role === undefined || role === "Client") throw invalidValue(f, `${f} is not a portal role`)
      return role
    }
    return undefined
  }

  private names(b: Body) {
    const first = str(b, "first_name", { max: 100 })
    const last = str(b, "last_name", { max: 100 })
    const display = str(b, "name", { max: 200 })
    let firstName = typeof first === "string" ? first : undefined
    let lastName = typeof last === "string" ? last : undefined
    if (firstName === undefined && lastName === undefined && typeof display === "string") {
      const [f, ...rest] = display.split(/\s+/)
      firstName = f
      lastName = rest.join(" ")
    }
    return { firstName, lastName }
  }

  addUser(caller: Caller, portalId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "users", "CREATE")
    this.requireAdmin(portal, member)
    const b = requireObject(body)
    const email = emailField(b, "email", true)
    if (typeof email !== "string") throw mandatoryMissing("email")
    const role = this.parseRole(portal, b) ?? "Employee"
    const { firstName, lastName } = this.names(b)
    const projectIds: string[] = []
    if (b.project_ids !== undefined && b.project_ids !== null) {
      const raw = typeof b.project_ids === "string" ? b.project_ids.split(",") : b.project_ids
      if (!Array.isArray(raw)) throw invalidValue("project_ids", "project_ids must be a list of ids")
      for (const r of raw) {
        const id = refId("project_ids", typeof r === "string" ? r.trim() : r)
        if (!portal.projects.has(id)) throw invalidValue("project_ids", `project ${id} does not exist`)
        projectIds.push(id)
      }
    }
    if (this.memberByEmail(portal, email) !== undefined)
      throw alreadyExists("email", "The user is already in the portal")
    const account = this.ensureAccount(email, firstName, lastName)
    const added = this.addMember(portal, account, role)
    for (const id of projectIds) {
      const p = portal.projects.get(id)
      if (p !== undefined && !p.members.includes(added.zpuid)) {
        p.members.push(added.zpuid)
        this.touchProject(portal, p, member)
        this.emit(portal, "project.updated", p, ["users"])
      }
    }
    return this.single("users", userView(this.state, portal, added))
  }

  updateUser(caller: Caller, portalId: string, userId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "users", "UPDATE")
    this.requireAdmin(portal, member)
    const target = this.findMember(portal, userId)
    const b = requireObject(body)
    const role = target.role === "Client" ? undefined : this.parseRole(portal, b)
    const active = bool(b, "is_active") ?? bool(b, "active")
    const { firstName, lastName } = this.names(b)
    if (
      target.zpuid === portal.ownerZpuid &&
      ((role !== undefined && role !== "Administrator") || active === false)
    )
      throw forbidden("The portal owner stays an active administrator")
    if (role !== undefined) target.role = role
    if (active !== undefined) target.isActive = active
    const account = this.state.accounts.get(target.zuid)
    if (account !== undefined) {
      if (firstName !== undefined) account.firstName = firstName
      if (lastName !== undefined) account.lastName = lastName
    }
    this.logChange("user", "updated", portal.id, target.zpuid)
    return this.single("users", userView(this.state, portal, target))
  }

  removeUser(caller: Caller, portalId: string, userId: string): void {
    const { portal, member } = this.access(caller, portalId, "users", "DELETE")
    this.requireAdmin(portal, member)
    const target = this.findMember(portal, userId)
    this.removeMember(portal, target, member)
  }

  private removeMember(portal: Portal, target: Member, by: Member): void {
    if (target.zpuid === portal.ownerZpuid) throw forbidden("The portal owner cannot be removed")
    // Projects the user owned pass to the portal owner, as the real service asks an admin to reassign them.
    for (const p of portal.projectOrder) {
      const i = p.members.indexOf(target.zpuid)
      if (i < 0 && p.owner !== target.zpuid) continue
      if (i >= 0) p.members.splice(i, 1)
      if (p.owner === target.zpuid) {
        p.owner = portal.ownerZpuid
        if (!p.members.includes(p.owner)) p.members.push(p.owner)
      }
      this.touchProject(portal, p, by)
      this.emit(portal, "project.updated", p, ["users"])
    }
    portal.members.delete(target.zpuid)
    portal.membersByZuid.delete(target.zuid)
    if (target.clientId !== undefined) {
      const c = portal.clients.get(target.clientId)
      if (c !== undefined) c.contactsCount--
    }
    this.logChange("user", "deleted", portal.id, target.zpuid)
  }

  roles(caller: Caller, portalId: string, kind: "roles" | "profiles", id?: string): Json {
    const { portal } = this.access(caller, portalId, "users", "READ")
    const view = (r: RoleName) => roleView(portal, r, kind)
    if (id === undefined) return { [kind]: ROLES.map(view) }
    const ids = kind === "roles" ? portal.roleIds : portal.profileIds
    const role = ROLES.find((r) => ids[r] === id)
    if (role === undefined) throw notFound(kind === "roles" ? "Role" : "Profile")
    return this.single(kind, view(role))
  }

  /** Business event: the user is (now) in the portal with this role, whatever the integration expects. */
  placeUser(portalId: string, email: string, role: RoleName): Json {
    const portal = this.portal(portalId)
    if (!isEmail(email)) throw invalidValue("email", "email must be a valid email address")
    const account = this.ensureAccount(email)
    let m = this.memberByZuid(portal, account.zuid)
    if (m === undefined) m = this.addMember(portal, account, role)
    else if (m.zpuid !== portal.ownerZpuid) {
      m.role = role
      m.isActive = true
      this.logChange("user", "updated", portal.id, m.zpuid)
    }
    return userView(this.state, portal, m)
  }

  // ---------------------------------------------------------------- clients and client users (§4.6, §4.7)

  listClients(caller: Caller, portalId: string, q: Query): Json {
    const { portal, member } = this.access(caller, portalId, "clients", "READ")
    this.requireStaff(member)
    const page = parsePage(q)
    const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
    let total = 0
    const items: Client[] = []
    for (const c of portal.clients.values()) {
      if (search !== undefined && !lower(c.name).includes(search)) continue
      if (total >= page.offset && items.length < page.perPage) items.push(c)
      total++
    }
    return { clients: items.map(clientView), page_info: pageInfo(page, total) }
  }

  private client(portal: Portal, id: string): Client {
    const c = portal.clients.get(id)
    if (c === undefined) throw notFound("Client")
    return c
  }

  getClient(caller: Caller, portalId: string, id: string): Json {
    const { portal, member } = this.access(caller, portalId, "clients", "READ")
    if (member.role === "Client" && member.clientId !== id) throw forbidden("Client users may not do this")
    return this.single("clients", clientView(this.client(portal, id)))
  }

  private clientPatch(
    portal: Portal,
    b: Body,
    existing: Client | undefined,
  ): Partial<Client> & { clear: string[] } {
    const out: Partial<Client> & { clear: string[] } = { clear: [] }
    if (existing === undefined || has(b, "name")) {
      const name = str(b, "name", { required: true, min: 1, max: 100 })
      if (typeof name === "string") {
        for (const c of portal.clients.values())
          if (c.id !== existing?.id && lower(c.name) === lower(name))
            throw alreadyExists("name", `A client named "${name}" already exists`)
        out.name = name
      }
    }
    const text: Array<[string, keyof Client, number]> = [
      ["address", "address", 250],
      ["city", "city", 100],
      ["state", "state", 100],
      ["country", "country", 100],
      ["zip_code", "zipCode", 20],
    ]
    const set = (key: keyof Client, v: string | null | undefined) => {
      if (v === null || v === "") out.clear.push(key)
      else if (v !== undefined) (out as Record<string, unknown>)[key] = v
    }
    for (const [f, key, max] of text) set(key, str(b, f, { max }))
    const e = has(b, "email") && b.email !== "" ? emailField(b, "email") : has(b, "email") ? null : undefined
    set("email", e)
    const phone = str(b, "phone", { max: 30 })
    if (typeof phone === "string" && phone !== "" && !isPhone(phone))
      throw invalidValue("phone", "phone must be a phone number")
    set("phone", phone)
    const site =
      has(b, "website") && b.website !== "" ? urlField(b, "website") : has(b, "website") ? null : undefined
    set("website", site)
    const currency = str(b, "currency_code", { max: 3 })
    if (typeof currency === "string" && currency !== "" && !/^[A-Za-z]{3}$/.test(currency))
      throw invalidValue("currency_code", "currency_code must be an ISO 4217 code")
    set("currencyCode", typeof currency === "string" ? currency.toUpperCase() : currency)
    return out
  }

  createClient(caller: Caller, portalId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "clients", "CREATE")
    this.requireAdmin(portal, member)
    const patch = this.clientPatch(portal, requireObject(body), undefined)
    const { clear: _clear, ...fields } = patch
    const now = this.now()
    const c: Client = {
      id: this.newId(),
      name: "",
      projectsCount: 0,
      contactsCount: 0,
      createdTime: now,
      modifiedTime: now,
      ...fields,
    }
    portal.clients.set(c.id, c)
    this.logChange("client", "created", portal.id, c.id)
    return this.single("clients", clientView(c))
  }

  updateClient(caller: Caller, portalId: string, id: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "clients", "UPDATE")
    this.requireAdmin(portal, member)
    const c = this.client(portal, id)
    const { clear, ...fields } = this.clientPatch(portal, requireObject(body), c)
    Object.assign(c, fields)
    for (const k of clear) delete (c as unknown as Record<string, unknown>)[k]
    c.modifiedTime = this.now()
    this.logChange("client", "updated", portal.id, c.id)
    if (fields.name !== undefined) this.projectsChanged(portal)
    return this.single("clients", clientView(c))
  }

  deleteClient(caller: Caller, portalId: string, id: string): void {
    const { portal, member } = this.access(caller, portalId, "clients", "DELETE")
    this.requireAdmin(portal, member)
    const c = this.client(portal, id)
    if (c.projectsCount > 0) throw resourceInUse("Projects are linked to this client")
    for (const m of [...portal.members.values()]) if (m.clientId === id) this.removeMember(portal, m, member)
    portal.clients.delete(id)
    this.logChange("client", "deleted", portal.id, id)
  }

  listClientUsers(caller: Caller, portalId: string, clientId: string, q: Query): Json {
    const { portal, member } = this.access(caller, portalId, "users", "READ")
    this.requireStaff(member)
    this.client(portal, clientId)
    const page = parsePage(q)
    const list = [...portal.members.values()].filter((m) => m.clientId === clientId)
    return {
      users: slicePage(list, page).map((m) => userView(this.state, portal, m)),
      page_info: pageInfo(page, list.length),
    }
  }

  addClientUser(caller: Caller, portalId: string, clientId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "users", "CREATE")
    this.requireAdmin(portal, member)
    this.client(portal, clientId)
    const b = requireObject(body)
    const email = emailField(b, "email", true)
    if (typeof email !== "string") throw mandatoryMissing("email")
    const { firstName, lastName } = this.names(b)
    if (this.memberByEmail(portal, email) !== undefined)
      throw alreadyExists("email", "The user is already in the portal")
    const added = this.addMember(
      portal,
      this.ensureAccount(email, firstName, lastName),
      "Client",
      this.now(),
      clientId,
    )
    return this.single("users", userView(this.state, portal, added))
  }

  removeClientUser(caller: Caller, portalId: string, clientId: string, userId: string): void {
    const { portal, member } = this.access(caller, portalId, "users", "DELETE")
    this.requireAdmin(portal, member)
    this.client(portal, clientId)
    const target = this.findMember(portal, userId)
    if (target.clientId !== clientId) throw notFound("Client user")
    this.removeMember(portal, target, member)
  }

  // ---------------------------------------------------------------- groups (§4.8)

  private groupCounts(portal: Portal): Map<string, number> {
    const counts = new Map<string, number>()
    for (const p of portal.projectOrder)
      if (p.groupId !== undefined) counts.set(p.groupId, (counts.get(p.groupId) ?? 0) + 1)
    return counts
  }

  listGroups(caller: Caller, portalId: string, q: Query): Json {
    const { portal } = this.access(caller, portalId, "projects", "READ")
    const page = parsePage(q)
    const counts = this.groupCounts(portal)
    const list = [...portal.groups.values()]
    return {
      groups: slicePage(list, page).map((g) => groupView(g, counts.get(g.id) ?? 0)),
      page_info: pageInfo(page, list.length),
    }
  }

  getGroup(caller: Caller, portalId: string, id: string): Json {
    const { portal } = this.access(caller, portalId, "projects", "READ")
    const g = portal.groups.get(id)
    if (g === undefined) throw notFound("Group")
    return this.single("groups", groupView(g, this.groupCounts(portal).get(id) ?? 0))
  }

  createGroup(caller: Caller, portalId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "projects", "CREATE")
    if (!this.canManageProjects(portal, member))
      throw forbidden("Only administrators and managers create groups")
    const name = str(requireObject(body), "name", { required: true, min: 1, max: 100 })
    if (typeof name !== "string") throw mandatoryMissing("name")
    for (const g of portal.groups.values())
      if (lower(g.name) === lower(name)) throw alreadyExists("name", `A group named "${name}" already exists`)
    const g = { id: this.newId(), name, createdTime: this.now() }
    portal.groups.set(g.id, g)
    this.logChange("group", "created", portal.id, g.id)
    return this.single("groups", groupView(g, 0))
  }

  // ---------------------------------------------------------------- webhooks (§8)

  private webhookInput(b: Body, creating: boolean) {
    const url = urlField(b, "url", creating)
    let events: WebhookEvent[] | undefined
    if (b.events !== undefined && b.events !== null) {
      if (
        !Array.isArray(b.events) ||
        b.events.length === 0 ||
        !b.events.every((e) => WEBHOOK_EVENTS.includes(e))
      )
        throw invalidValue("events", `events must be a non-empty subset of ${WEBHOOK_EVENTS.join(", ")}`)
      events = [...new Set(b.events as WebhookEvent[])]
    }
    return { url: typeof url === "string" ? url : undefined, events }
  }

  createWebhook(caller: Caller, portalId: string, body: unknown): Json {
    const { portal, member } = this.access(caller, portalId, "webhooks", "CREATE")
    this.requireAdmin(portal, member)
    const b = requireObject(body)
    const { url, events } = this.webhookInput(b, true)
    let secret = `whsec_${hex(this.state.prng, 32)}`
    if (b.secret !== undefined && b.secret !== null) {
      if (typeof b.secret !== "string" || b.secret.length < 16)
        throw invalidValue("secret", "secret must have at least 16 characters")
      secret = b.secret
    }
    const w: Webhook = {
      id: this.newId(),
      url: url ?? "",
      events: events ?? [...WEBHOOK_EVENTS],
      isActive: true,
      secret,
      createdTime: this.now(),
    }
    portal.webhooks.set(w.id, w)
    this.logChange("webhook", "created", portal.id, w.id)
    return this.single("webhooks", webhookView(w, true))
  }

  private webhook(caller: Caller, portalId: string, op: Op, id?: string) {
    const { portal, member } = this.access(caller, portalId, "webhooks", op)
    this.requireAdmin(portal, member)
    const w = id === undefined ? undefined : portal.webhooks.get(id)
    if (id !== undefined && w === undefined) throw notFound("Webhook")
    return { portal, w }
  }

  listWebhooks(caller: Caller, portalId: string): Json {
    const { portal } = this.webhook(caller, portalId, "READ")
    return { webhooks: [...portal.webhooks.values()].map((w) => webhookView(w, false)) }
  }

  getWebhook(caller: Caller, portalId: string, id: string): Json {
    const { w } = this.webhook(caller, portalId, "READ", id)
    if (w === undefined) throw notFound("Webhook")
    return this.single("webhooks", webhookView(w, false))
  }

  updateWebhook(caller: Caller, portalId: string, id: string, body: unknown): Json {
    const { portal, w } = this.webhook(caller, portalId, "UPDATE", id)
    if (w === undefined) throw notFound("Webhook")
    const b = requireObject(body)
    const { url, events } = this.webhookInput(b, false)
    const active = bool(b, "is_active")
    if (url !== undefined) w.url = url
    if (events !== undefined) w.events = events
    if (active !== undefined) w.isActive = active
    this.logChange("webhook", "updated", portal.id, w.id)
    return this.single("webhooks", webhookView(w, false))
  }

  deleteWebhook(caller: Caller, portalId: string, id: string): void {
    const { portal } = this.webhook(caller, portalId, "DELETE", id)
    portal.webhooks.delete(id)
    this.state.deliveries = this.state.deliveries.filter((d) => d.webhookId !== id)
    this.logChange("webhook", "deleted", portal.id, id)
  }

  private emit(portal: Portal, event: WebhookEvent, p: Project, changed: string[]): void {
    if (portal.webhooks.size === 0) return
    this.emitView(portal, event, projectView(this.state, portal, p), changed)
  }

  private emitView(portal: Portal, event: WebhookEvent, project: Json, changed: string[]): void {
    if (portal.webhooks.size === 0) return
    const sequence = ++portal.webhookSequence
    const eventId = `evt_${hex(this.state.prng, 24)}`
    const body = JSON.stringify({
      id: eventId,
      event,
      portal_id: portal.id,
      occurred_at: iso(this.now()),
      sequence,
      changed_fields: changed,
      data: { project },
    })
    const b = this.state.behaviors
    for (const w of portal.webhooks.values()) {
      if (!w.isActive || !w.events.includes(event)) continue
      const copies = b.webhookDuplicate ? 2 : 1
      for (let i = 0; i < copies; i++)
        this.state.deliveries.push({
          id: `dlv_${hex(this.state.prng, 16)}`,
          portalId: portal.id,
          webhookId: w.id,
          eventId,
          event,
          url: w.url,
          secret: w.secret,
          body,
          attempt: 1,
          dueAt: this.now(),
          held: b.webhookOutOfOrder,
        })
    }
  }

  /** Deliveries due now, removed from the queue; the server sends them and reports each outcome. */
  takeDueDeliveries(): PendingDelivery[] {
    const now = this.now()
    const due: PendingDelivery[] = []
    const rest: PendingDelivery[] = []
    for (const d of this.state.deliveries) (d.dueAt <= now && !d.held ? due : rest).push(d)
    this.state.deliveries = rest
    return due
  }

  /** Out-of-order event: held deliveries go out newest first. */
  releaseHeldDeliveries(): number {
    const held = this.state.deliveries.filter((d) => d.held)
    const rest = this.state.deliveries.filter((d) => !d.held)
    held.reverse()
    for (const d of held) d.held = false
    this.state.deliveries = [...held, ...rest]
    return held.length
  }

  pendingDeliveries(): number {
    return this.state.deliveries.length
  }

  completeDelivery(d: PendingDelivery, outcome: { status?: number; error?: string }): void {
    const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300
    const retryIn = WEBHOOK_BACKOFF_MS[d.attempt - 1]
    const next = ok ? "delivered" : retryIn === undefined ? "dropped" : "retry"
    this.journal({
      type: "webhook",
      method: "POST",
      path: new URL(d.url).pathname,
      url: d.url,
      portalId: d.portalId,
      webhookId: d.webhookId,
      eventId: d.eventId,
      event: d.event,
      attempt: d.attempt,
      outcome: next,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    })
    if (next === "retry" && retryIn !== undefined)
      this.state.deliveries.push({ ...d, attempt: d.attempt + 1, dueAt: this.now() + retryIn, held: false })
  }

  // ---------------------------------------------------------------- journal, changes, faults, behaviours

  journal(entry: Omit<JournalEntry, "seq" | "time">): JournalEntry {
    const full: JournalEntry = { seq: this.seq(), time: iso(this.now()), ...entry }
    const j = this.state.journal
    j.push(full)
    if (j.length > JOURNAL_CAP + JOURNAL_CAP / 10) j.splice(0, j.length - JOURNAL_CAP)
    return full
  }

  queryJournal(q: Query): JournalEntry[] {
    const since = q.since === undefined ? undefined : Number(q.since)
    const limit = q.limit === undefined ? undefined : Number(q.limit)
    const status = q.status === undefined ? undefined : Number(q.status)
    const pathRe = q.path === undefined ? undefined : globToRegExp(q.path)
    let out = this.state.journal.filter(
      (e) =>
        (q.type === undefined || e.type === q.type) &&
        (q.method === undefined || e.method === q.method.toUpperCase()) &&
        (pathRe === undefined || pathRe.test(e.path)) &&
        (status === undefined || e.status === status) &&
        (since === undefined || e.seq > since) &&
        (q.portal_id === undefined || e.portalId === q.portal_id) &&
        (q.event === undefined || e.event === q.event),
    )
    if (limit !== undefined && Number.isInteger(limit) && limit >= 0)
      out = out.slice(Math.max(0, out.length - limit))
    return out
  }

  clearJournal(): void {
    this.state.journal = []
  }

  checkpoint(): string {
    return String(this.seq())
  }

  diff(since: string): Json {
    if (!/^\d+$/.test(since))
      throw invalidValue("since", "since must be a checkpoint returned by POST /__mock/checkpoint")
    const from = Number(since)
    const first = new Map<string, Change>()
    const last = new Map<string, Change>()
    for (const c of this.state.changes) {
      if (c.seq <= from) continue
      const k = `${c.entity}|${c.portalId}|${c.id}`
      if (!first.has(k)) first.set(k, c)
      last.set(k, c)
    }
    const created: Json[] = []
    const updated: Json[] = []
    const deleted: Json[] = []
    for (const [k, f] of first) {
      const l = last.get(k) ?? f
      const ref = { entity: f.entity, portal_id: f.portalId, id: f.id }
      if (l.op === "deleted") {
        if (f.op !== "created") deleted.push(ref)
        continue
      }
      const data = this.entityView(f.entity, f.portalId, f.id)
      if (data === undefined) continue
      ;(f.op === "created" ? created : updated).push({ ...ref, data })
    }
    return { since, checkpoint: String(this.state.nextSeq - 1), created, updated, deleted }
  }

  private entityView(entity: ChangeEntity, portalId: string, id: string): Json | undefined {
    const portal = this.state.portals.get(portalId)
    if (portal === undefined) return undefined
    switch (entity) {
      case "portal":
        return portalView(this.state, portal, undefined, false)
      case "project": {
        const p = portal.projects.get(id)
        return p === undefined ? undefined : projectView(this.state, portal, p)
      }
      case "client": {
        const c = portal.clients.get(id)
        return c === undefined ? undefined : clientView(c)
      }
      case "user": {
        const m = portal.members.get(id)
        return m === undefined ? undefined : userView(this.state, portal, m)
      }
      case "group": {
        const g = portal.groups.get(id)
        return g === undefined ? undefined : groupView(g, this.groupCounts(portal).get(id) ?? 0)
      }
      case "webhook": {
        const w = portal.webhooks.get(id)
        return w === undefined ? undefined : webhookView(w, false)
      }
    }
  }

  addFault(body: unknown): Fault {
    const b = requireObject(body)
    const kinds: FaultKind[] = ["latency", "status", "rate_limit", "drop", "portal_changes"]
    if (typeof b.kind !== "string" || !kinds.includes(b.kind as FaultKind))
      throw invalidValue("kind", `kind must be one of ${kinds.join(", ")}`)
    const kind = b.kind as FaultKind
    const changes = kind === "portal_changes" ? parsePortalChanges(b) : undefined
    const method = b.method === undefined ? (changes === undefined ? "*" : "GET") : b.method
    if (typeof method !== "string") throw invalidValue("method", "method must be a string")
    const path = b.path === undefined ? (changes?.defaultPath ?? "**") : b.path
    if (typeof path !== "string" || path === "") throw invalidValue("path", "path must be a path pattern")
    const int = (f: string, dflt: number, min: number, max: number) => {
      const v = b[f]
      if (v === undefined) return dflt
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
        throw invalidValue(f, `${f} must be an integer between ${min} and ${max}`)
      return v
    }
    const probability = b.probability === undefined ? 1 : b.probability
    if (typeof probability !== "number" || probability < 0 || probability > 1)
      throw invalidValue("probability", "probability must be between 0 and 1")
    const fault: Fault = {
      id: `flt_${this.seq()}`,
      kind,
      method: method.toUpperCase(),
      path,
      latencyMs: int("latency_ms", kind === "latency" ? 1000 : 0, 0, 600_000),
      status: int("status", kind === "rate_limit" ? 429 : 500, 100, 599),
      retryAfter: int("retry_after", 60, 0, 86_400),
      probability,
      hits: 0,
    }
    if (changes !== undefined) fault.changes = changes.changes
    if (b.count !== undefined) fault.remaining = int("count", 1, 1, 1_000_000)
    if (b.seed !== undefined) this.state.faultPrng = makePrng(int("seed", 0, 0, 2 ** 32 - 1))
    this.state.faults.push(fault)
    return fault
  }

  /** The first fault matching the request (method + path glob) that fires this time, consuming a count. */
  matchFault(method: string, path: string): Fault | undefined {
    for (const f of this.state.faults) {
      if (f.remaining === 0) continue
      if (f.method !== "*" && f.method !== method.toUpperCase()) continue
      if (!globToRegExp(f.path).test(path)) continue
      if (f.probability < 1 && nextFloat(this.state.faultPrng) >= f.probability) continue
      if (f.remaining !== undefined) f.remaining--
      f.hits++
      return f
    }
    return undefined
  }

  removeFault(id?: string): void {
    this.state.faults = id === undefined ? [] : this.state.faults.filter((f) => f.id !== id)
  }

  setBehavior(patch: Partial<NamespaceState["behaviors"]>): NamespaceState["behaviors"] {
    Object.assign(this.state.behaviors, patch)
    return this.state.behaviors
  }

  /** Control API `GET /__mock/state`: portals with ids, names, owners, counts; users with emails and roles. */
  summary(maxUsers = 500): Json {
    const portals: Json[] = []
    const users = new Map<number, Json & { portals: Json[] }>()
    let truncated = false
    for (const portal of this.state.portals.values()) {
      const owner = portal.members.get(portal.ownerZpuid)
      let clientUsers = 0
      for (const m of portal.members.values()) {
        if (m.role === "Client") clientUsers++
        let u = users.get(m.zuid)
        if (u === undefined) {
          if (users.size >= maxUsers) {
            truncated = true
            continue
          }
          const a = this.state.accounts.get(m.zuid)
          u = {
            zuid: m.zuid,
            email: m.email,
            name: a === undefined ? "" : `${a.firstName} ${a.lastName}`.trim(),
            portals: [],
          }
          users.set(m.zuid, u)
        }
        u.portals.push({
          portal_id: portal.id,
          zpuid: m.zpuid,
          role: m.role,
          is_active: m.isActive,
          is_owner: m.zpuid === portal.ownerZpuid,
        })
      }
      portals.push({
        id: portal.id,
        name: portal.name,
        owner: owner === undefined ? undefined : { email: owner.email, zpuid: owner.zpuid, zuid: owner.zuid },
        counts: {
          projects: portal.projects.size,
          ...Object.fromEntries(
            Object.entries(countProjectsByType(portal)).map(([k, v]) => [`projects_${k}`, v]),
          ),
          users: portal.members.size - clientUsers,
          client_users: clientUsers,
          clients: portal.clients.size,
          groups: portal.groups.size,
          webhooks: portal.webhooks.size,
          custom_fields: portal.fields.filter((f) => f.isCustom).length,
        },
      })
    }
    return {
      namespace: this.name,
      now: iso(this.now()),
      portals,
      users: [...users.values()],
      ...(truncated ? { users_truncated: true } : {}),
      rate_limit: this.state.rateLimit,
      behaviors: this.state.behaviors,
      faults: this.state.faults.length,
      pending_deliveries: this.state.deliveries.length,
    }
  }
}

const countProjectsByType = (portal: Portal) => {
  const count = { active: 0, archived: 0, template: 0 }
  for (const p of portal.projectOrder) count[p.projectType]++
  return count
}

const globCache = new Map<string, RegExp>()
/** `*` matches within one path segment, `**` across segments; a pattern starting `re:` is a regex. */
export const globToRegExp = (glob: string): RegExp => {
  const hit = globCache.get(glob)
  if (hit !== undefined) return hit
  const re = glob.startsWith("re:")
    ? new RegExp(glob.slice(3))
    : new RegExp(
        `^${glob
          .split("**")
          .map((part) =>
            part
              .split("*")
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
              .join("[^/]*"),
          )
          .join(".*")}/?$`,
      )
  if (globCache.size > 500) globCache.clear()
  globCache.set(glob, re)
  return re
}
