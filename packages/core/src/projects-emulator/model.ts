/**
 * The emulator's in-memory state: one `NamespaceState` per namespace, portals holding their members,
 * clients, projects, groups, custom fields and webhooks. Plain data (Maps and arrays), so a snapshot is
 * a structured clone and a state file is JSON.
 */
import { ProjectFieldTypes } from "../projects-client/model.js"
import type { Prng } from "./prng.js"

export const ROLES = ["Administrator", "Manager", "Employee", "Contractor", "Client"] as const
export type RoleName = (typeof ROLES)[number]
export const roleType = (role: RoleName): string => (role === "Administrator" ? "admin" : role.toLowerCase())

export type ProjectType = "active" | "archived" | "template"

export const FIELD_TYPES = ProjectFieldTypes
export type FieldType = (typeof FIELD_TYPES)[number]

export interface Account {
  zuid: number
  email: string
  firstName: string
  lastName: string
}

export interface Member {
  zpuid: string
  zuid: number
  email: string
  role: RoleName
  isActive: boolean
  addedTime: number
  clientId?: string
}

export interface Client {
  id: string
  name: string
  email?: string
  phone?: string
  website?: string
  address?: string
  city?: string
  state?: string
  country?: string
  zipCode?: string
  currencyCode?: string
  /** Maintained on every link, unlink and trash so a page of 10,000 clients needs no scan. */
  projectsCount: number
  contactsCount: number
  createdTime: number
  modifiedTime: number
}

export interface PickListValue {
  id: string
  value: string
  sequence: number
}

export interface FieldDef {
  id: string
  name: string
  apiName: string
  fieldType: FieldType
  isCustom: boolean
  isMandatory: boolean
  sequence: number
  maxLength?: number
  defaultValue?: string
  pickListValues?: PickListValue[]
  layoutIds: string[]
}

export interface Layout {
  id: string
  name: string
  isDefault: boolean
  sections: { id: string; name: string; fields: string[] }[]
}

export interface Status {
  id: string
  name: string
  color: string
  isClosed: boolean
}

export interface Group {
  id: string
  name: string
  createdTime: number
}

export type CustomValue = string | number | boolean | string[]

export interface Project {
  id: string
  key: string
  name: string
  description?: string
  projectType: ProjectType
  statusId: string
  owner: string
  createdBy: string
  updatedBy: string
  startDate?: string
  endDate?: string
  createdTime: number
  modifiedTime: number
  isPublic: boolean
  isStrict: boolean
  layoutId: string
  groupId?: string
  budgetInfo?: Record<string, unknown>
  clientIds: string[]
  members: string[]
  custom: Record<string, CustomValue>
  percentComplete: number
  /** Task counts of seeded portals without task records; once `work` exists its counts are used. */
  openTasks: number
  closedTasks: number
  /** Task lists, tasks, milestones, issues and time logs: made on first use, so bare portals stay light. */
  work?: ProjectWork
  /** Eventual consistency: absent from list calls before this instant (mock clock, ms). */
  visibleAt?: number
}

export const TASK_PRIORITIES = ["none", "low", "medium", "high"] as const
export type TaskPriority = (typeof TASK_PRIORITIES)[number]
export const ISSUE_SEVERITIES = ["none", "minor", "major", "critical", "show_stopper"] as const
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number]
export type WorkFlag = "internal" | "external"

export interface Comment {
  id: string
  content: string
  createdBy: string
  createdTime: number
}

export interface TaskList {
  id: string
  name: string
  flag: WorkFlag
  milestoneId?: string
  sequence: number
  createdTime: number
  modifiedTime: number
}

export interface Task {
  id: string
  key: string
  name: string
  description?: string
  tasklistId: string
  statusId: string
  priority: TaskPriority
  owners: string[]
  createdBy: string
  startDate?: string
  endDate?: string
  percentComplete: number
  parentId?: string
  custom: Record<string, string | number | boolean>
  comments: Comment[]
  completedTime?: number
  createdTime: number
  modifiedTime: number
}

export interface Milestone {
  id: string
  name: string
  owner: string
  startDate: string
  endDate: string
  status: "active" | "completed"
  flag: WorkFlag
  completedTime?: number
  createdTime: number
  modifiedTime: number
}

export interface Issue {
  id: string
  key: string
  title: string
  description?: string
  statusId: string
  severity: IssueSeverity
  assignee?: string
  reporter: string
  dueDate?: string
  milestoneId?: string
  isBillable: boolean
  closedTime?: number
  createdTime: number
  modifiedTime: number
}

export interface TimeLog {
  id: string
  taskId?: string
  issueId?: string
  owner: string
  date: string
  minutes: number
  billable: boolean
  notes?: string
  createdTime: number
  modifiedTime: number
}

/** Everything inside one project; maps keep creation order, which is the default list order. */
export interface ProjectWork {
  tasklists: Map<string, TaskList>
  tasks: Map<string, Task>
  milestones: Map<string, Milestone>
  issues: Map<string, Issue>
  logs: Map<string, TimeLog>
  taskCounter: number
  issueCounter: number
}

export const WEBHOOK_EVENTS = [
  "project.created",
  "project.updated",
  "project.deleted",
  "task.created",
  "task.updated",
  "task.deleted",
  "issue.created",
  "issue.updated",
  "issue.deleted",
] as const
/** What a subscription gets when it names no events: the project events it always had. */
export const DEFAULT_WEBHOOK_EVENTS = ["project.created", "project.updated", "project.deleted"] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

export interface Webhook {
  id: string
  url: string
  events: WebhookEvent[]
  isActive: boolean
  secret: string
  createdTime: number
}

export interface Portal {
  id: string
  name: string
  orgName?: string
  ownerZpuid: string
  timeZone: string
  plan: string
  createdTime: number
  keyPrefix: string
  projectCounter: number
  moduleId: string
  roleIds: Record<RoleName, string>
  profileIds: Record<RoleName, string>
  members: Map<string, Member>
  membersByZuid: Map<number, string>
  /** Lower-cased project name → id: names are unique per portal ignoring case. */
  projectNames: Map<string, string>
  clients: Map<string, Client>
  projects: Map<string, Project>
  /** Projects in creation order (ascending created_time, then id): the default sort without sorting. */
  projectOrder: Project[]
  groups: Map<string, Group>
  fields: FieldDef[]
  layouts: Layout[]
  statuses: Status[]
  /** Task and issue statuses, made with the portal's first task or issue. */
  taskStatuses?: Status[]
  issueStatuses?: Status[]
  webhooks: Map<string, Webhook>
  webhookSequence: number
  /** Emails whose service key was revoked for this portal by an ownership transfer. */
  revokedKeyEmails: string[]
}

export interface ServiceKey {
  email: string
  key: string
  /** Revoked by a `key.revoked` event: fails everywhere until regenerated. */
  revoked: boolean
}

export interface OAuthCode {
  code: string
  zuid: number
  scopes: string[]
  redirectUri: string
  clientId: string
  offline: boolean
  expiresAt: number
}

export interface RefreshToken {
  token: string
  zuid: number
  scopes: string[]
  clientId: string
}

export interface AccessToken {
  token: string
  zuid: number
  scopes: string[]
  expiresAt: number
  refreshToken?: string
}

export type FaultKind = "latency" | "status" | "rate_limit" | "drop" | "portal_changes"

export type PortalChangesEntity = "projects" | "clients" | "users" | "client_users"
/** A `portal_changes` fault: objects created and deleted in the request's portal before it is answered. */
export interface PortalChanges {
  entity: PortalChangesEntity
  inserts: number
  deletes: number
}

export interface Fault {
  id: string
  kind: FaultKind
  method: string
  path: string
  latencyMs: number
  status: number
  retryAfter: number
  probability: number
  /** Remaining matches before the fault stops applying; `undefined` = unlimited. */
  remaining?: number
  hits: number
  changes?: PortalChanges
}

export interface RateLimitConfig {
  enabled: boolean
  limit: number
  windowS: number
  lockoutS: number
}

export interface JournalEntry {
  seq: number
  type: "request" | "webhook"
  time: string
  method: string
  path: string
  query?: Record<string, string>
  status?: number
  portalId?: string
  identity?: string
  fault?: string
  requestBody?: unknown
  webhookId?: string
  eventId?: string
  event?: string
  attempt?: number
  url?: string
  outcome?: string
  error?: string
}

export type ChangeEntity =
  | "portal"
  | "user"
  | "client"
  | "project"
  | "group"
  | "webhook"
  | "task"
  | "tasklist"
  | "milestone"
  | "issue"
  | "time_log"
export interface Change {
  seq: number
  entity: ChangeEntity
  op: "created" | "updated" | "deleted"
  portalId: string
  id: string
  /** For what lives inside a project (tasks, issues…). */
  projectId?: string
}

export interface PendingDelivery {
  id: string
  portalId: string
  webhookId: string
  eventId: string
  event: WebhookEvent
  url: string
  secret: string
  body: string
  attempt: number
  dueAt: number
  held: boolean
}

export interface Behaviors {
  listDelaySeconds: number
  webhookDuplicate: boolean
  webhookOutOfOrder: boolean
}

export interface NamespaceState {
  nextId: bigint
  nextPortalId: number
  nextZuid: number
  nextSeq: number
  clockOffsetMs: number
  prng: Prng
  faultPrng: Prng
  accounts: Map<number, Account>
  accountsByEmail: Map<string, number>
  portals: Map<string, Portal>
  keys: Map<string, ServiceKey>
  codes: Map<string, OAuthCode>
  refreshTokens: Map<string, RefreshToken>
  accessTokens: Map<string, AccessToken>
  faults: Fault[]
  rateLimit: RateLimitConfig
  rateWindows: Map<string, { hits: number[]; lockedUntil: number }>
  journal: JournalEntry[]
  changes: Change[]
  deliveries: PendingDelivery[]
  behaviors: Behaviors
}

export const emptyState = (seed: number): NamespaceState => ({
  nextId: 1800000000100n,
  nextPortalId: 6001234,
  nextZuid: 7533987,
  nextSeq: 1,
  clockOffsetMs: 0,
  prng: { state: seed >>> 0 },
  faultPrng: { state: (seed ^ 0x5bd1e995) >>> 0 },
  accounts: new Map(),
  accountsByEmail: new Map(),
  portals: new Map(),
  keys: new Map(),
  codes: new Map(),
  refreshTokens: new Map(),
  accessTokens: new Map(),
  faults: [],
  rateLimit: { enabled: false, limit: 100, windowS: 120, lockoutS: 1800 },
  rateWindows: new Map(),
  journal: [],
  changes: [],
  deliveries: [],
  behaviors: { listDelaySeconds: 0, webhookDuplicate: false, webhookOutOfOrder: false },
})
