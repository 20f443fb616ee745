/**
 * Effect Schemas of the Projects REST API responses (the Projects API reference, §4). Field names
 * stay as on the wire (snake_case) so code reads like the API reference; ids are branded strings
 * (they exceed JS safe integers); unknown extra fields are tolerated and dropped, except project
 * custom fields, which are kept in `custom_fields`.
 */
import { Schema } from "effect"

/** The `field_type` values of project fields (API reference §4.3), shared by the client and the mock. */
export const ProjectFieldTypes = [
  "text",
  "multiline",
  "email",
  "phone",
  "url",
  "number",
  "decimal",
  "currency",
  "percent",
  "date",
  "datetime",
  "boolean",
  "picklist",
  "multi_select",
  "user_picklist",
  "multi_user_picklist",
] as const
export type ProjectFieldType = (typeof ProjectFieldTypes)[number]

export const PortalId = Schema.String.pipe(Schema.brand("ProjectsPortalId"))
export type PortalId = typeof PortalId.Type
export const ProjectId = Schema.String.pipe(Schema.brand("ProjectsProjectId"))
export type ProjectId = typeof ProjectId.Type
export const ClientId = Schema.String.pipe(Schema.brand("ProjectsClientId"))
export type ClientId = typeof ClientId.Type
/** A portal user's `zpuid` (also its `id`). */
export const PortalUserId = Schema.String.pipe(Schema.brand("ProjectsUserId"))
export type PortalUserId = typeof PortalUserId.Type
export const WebhookId = Schema.String.pipe(Schema.brand("ProjectsWebhookId"))
export type WebhookId = typeof WebhookId.Type

const opt = Schema.optional

// Field groups many objects of the API share, spread where they stand in each object.
const idName = { id: Schema.String, name: Schema.String }
const typed = { ...idName, type: opt(Schema.String) }
const personNames = {
  first_name: opt(Schema.String),
  last_name: opt(Schema.String),
  full_name: opt(Schema.String),
}
const dates = { start_date: opt(Schema.String), end_date: opt(Schema.String) }
const completion = { is_completed: opt(Schema.Boolean), completed_time: opt(Schema.String) }
const times = { created_time: opt(Schema.String), last_modified_time: opt(Schema.String) }
const statusColor = { color_hexcode: opt(Schema.String), is_closed_type: opt(Schema.Boolean) }

export const UserRef = Schema.Struct({
  zuid: opt(Schema.Number),
  zpuid: opt(PortalUserId),
  name: opt(Schema.String),
  email: opt(Schema.String),
  ...personNames,
})
export type UserRef = typeof UserRef.Type

export const Portal = Schema.Struct({
  id: PortalId,
  id_string: opt(Schema.String),
  name: Schema.String,
  portal_name: opt(Schema.String),
  org_name: opt(Schema.String),
  default: opt(Schema.Boolean),
  role: opt(Schema.String),
  owner: opt(UserRef),
  time_zone: opt(Schema.String),
  plan: opt(Schema.String),
  project_count: opt(
    Schema.Struct({ active: opt(Schema.Number), archived: opt(Schema.Number), template: opt(Schema.Number) }),
  ),
  created_time: opt(Schema.String),
})
export type Portal = typeof Portal.Type
export const PortalEnvelope = Schema.Struct({ portal_details: Portal })

export const ProjectStatus = Schema.Struct({ ...idName, color: opt(Schema.String), ...statusColor })
export type ProjectStatus = typeof ProjectStatus.Type

/** Open and closed counts of a project's tasks, issues and milestones. */
export const WorkCounts = Schema.Struct({ open_count: opt(Schema.Number), closed_count: opt(Schema.Number) })
export type WorkCounts = typeof WorkCounts.Type

const projectFields = {
  id: ProjectId,
  key: opt(Schema.String),
  name: Schema.String,
  description: opt(Schema.String),
  project_type: opt(Schema.String),
  status: opt(ProjectStatus),
  owner: opt(UserRef),
  created_by: opt(UserRef),
  updated_by: opt(UserRef),
  ...dates,
  created_time: opt(Schema.String),
  modified_time: opt(Schema.String),
  is_public_project: opt(Schema.Boolean),
  is_strict_project: opt(Schema.Boolean),
  is_rollup_project: opt(Schema.Boolean),
  is_completed: opt(Schema.Boolean),
  percent_complete: opt(Schema.Number),
  layout: opt(Schema.Struct({ ...typed, name: opt(Schema.String), is_default: opt(Schema.Boolean) })),
  project_group: opt(
    Schema.Struct({ id: Schema.String, name: opt(Schema.String), type: opt(Schema.String) }),
  ),
  tasks: opt(WorkCounts),
  issues: opt(WorkCounts),
  milestones: opt(WorkCounts),
  budget_info: opt(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  clients: opt(Schema.Array(Schema.Struct({ id: ClientId, name: opt(Schema.String) }))),
}

const CustomValues = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** A project; custom field values (`projects_cf_*`, or a legacy `custom_fields` object) sit in `custom_fields`. */
export const Project = Schema.Struct({ ...projectFields, custom_fields: CustomValues })
export type Project = typeof Project.Type

const isCustomKey = (key: string) => key.startsWith("projects_cf_")

/** A project as the service sends it: the known fields, and custom fields under their own keys. */
export const ProjectWire = Schema.Struct(projectFields, CustomValues)

/** The wire form: known fields validated, every other key kept so custom fields survive decoding. */
export const ProjectFromWire = Schema.transform(ProjectWire, Project, {
  strict: false,
  decode: (wire) => {
    const custom: Record<string, unknown> = {}
    const legacy = wire.custom_fields
    if (typeof legacy === "object" && legacy !== null && !Array.isArray(legacy)) Object.assign(custom, legacy)
    for (const [key, value] of Object.entries(wire)) if (isCustomKey(key)) custom[key] = value
    const known: Record<string, unknown> = {}
    for (const key of Object.keys(projectFields)) if (key in wire) known[key] = wire[key]
    return { ...known, custom_fields: custom }
  },
  encode: (project) => {
    const { custom_fields, ...known } = project
    return { ...custom_fields, ...known }
  },
})

export const PickListValue = Schema.Struct({
  id: opt(Schema.String),
  value: Schema.String,
  sequence: opt(Schema.Number),
})

export const ProjectField = Schema.Struct({
  id: Schema.String,
  name: opt(Schema.String),
  api_name: Schema.String,
  display_name: opt(Schema.String),
  field_type: Schema.String,
  is_custom_field: opt(Schema.Boolean),
  is_mandatory: opt(Schema.Boolean),
  is_visible: opt(Schema.Boolean),
  is_editable: opt(Schema.Boolean),
  sequence: opt(Schema.Number),
  max_length: opt(Schema.Number),
  default_value: opt(Schema.Unknown),
  pick_list_values: opt(Schema.Array(PickListValue)),
  layout_ids: opt(Schema.Array(Schema.String)),
})
export type ProjectField = typeof ProjectField.Type

export const ProjectLayout = Schema.Struct({
  ...typed,
  is_default: opt(Schema.Boolean),
  sections: opt(
    Schema.Array(
      Schema.Struct({
        id: opt(Schema.String),
        name: opt(Schema.String),
        fields: Schema.Array(Schema.String),
      }),
    ),
  ),
})
export type ProjectLayout = typeof ProjectLayout.Type

const Role = Schema.Struct({ id: opt(Schema.String), name: Schema.String, type: opt(Schema.String) })

/** A portal role or profile as listed by `/roles` and `/profiles` (§4.4). */
export const RoleInfo = Schema.Struct({
  ...typed,
  is_default: opt(Schema.Boolean),
  is_system: opt(Schema.Boolean),
})
export type RoleInfo = typeof RoleInfo.Type

export const ProjectGroup = Schema.Struct({ ...typed, projects_count: opt(Schema.Number) })
export type ProjectGroup = typeof ProjectGroup.Type

export const PortalUser = Schema.Struct({
  id: PortalUserId,
  zpuid: opt(PortalUserId),
  zuid: opt(Schema.Number),
  name: opt(Schema.String),
  ...personNames,
  email: Schema.String,
  is_active: opt(Schema.Boolean),
  active: opt(Schema.Boolean),
  user_type: opt(Schema.String),
  role: opt(Role),
  profile: opt(Role),
  is_portal_owner: opt(Schema.Boolean),
  client_company: opt(Schema.Struct({ id: ClientId, name: opt(Schema.String) })),
  added_time: opt(Schema.String),
})
export type PortalUser = typeof PortalUser.Type

/** Roles a portal user can be added with (Client users are added through their client, §4.7). */
export const PortalRole = Schema.Literal("Administrator", "Manager", "Employee", "Contractor")
export type PortalRole = typeof PortalRole.Type

export const Client = Schema.Struct({
  id: ClientId,
  name: Schema.String,
  email: opt(Schema.String),
  phone: opt(Schema.String),
  website: opt(Schema.String),
  address: opt(Schema.String),
  city: opt(Schema.String),
  state: opt(Schema.String),
  country: opt(Schema.String),
  zip_code: opt(Schema.String),
  currency_code: opt(Schema.String),
  projects_count: opt(Schema.Number),
  contacts_count: opt(Schema.Number),
  ...times,
})
export type Client = typeof Client.Type

export const WebhookEvent = Schema.Literal(
  "project.created",
  "project.updated",
  "project.deleted",
  "task.created",
  "task.updated",
  "task.deleted",
  "issue.created",
  "issue.updated",
  "issue.deleted",
)
export type WebhookEvent = typeof WebhookEvent.Type

export const Webhook = Schema.Struct({
  id: WebhookId,
  url: Schema.String,
  events: Schema.Array(Schema.String),
  is_active: opt(Schema.Boolean),
  created_time: opt(Schema.String),
  /** Only in the response to the subscription's creation. */
  secret: opt(Schema.Redacted(Schema.String)),
})
export type Webhook = typeof Webhook.Type

const Ref = Schema.Struct({ id: Schema.String, name: opt(Schema.String) })
const WorkStatus = Schema.Struct({ ...idName, ...statusColor })

/** A task or subtask (§4.9). */
export const Task = Schema.Struct({
  id: Schema.String,
  key: opt(Schema.String),
  name: Schema.String,
  description: opt(Schema.String),
  project: opt(Ref),
  tasklist: opt(Ref),
  status: opt(WorkStatus),
  priority: opt(Schema.String),
  owners: opt(Schema.Array(UserRef)),
  created_by: opt(UserRef),
  ...dates,
  percent_complete: opt(Schema.Number),
  ...completion,
  parent_task_id: opt(Schema.String),
  subtasks_count: opt(Schema.Number),
  log_hours: opt(Schema.Struct({ billable_hours: Schema.String, non_billable_hours: Schema.String })),
  custom_fields: opt(
    Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) }),
  ),
  ...times,
})
export type Task = typeof Task.Type

export const TaskComment = Schema.Struct({
  id: Schema.String,
  content: Schema.String,
  created_by: opt(UserRef),
  created_time: opt(Schema.String),
})

export const TaskList = Schema.Struct({
  ...idName,
  flag: opt(Schema.String),
  milestone: opt(Ref),
  sequence: opt(Schema.Number),
  tasks_count: opt(Schema.Struct({ open: Schema.Number, closed: Schema.Number })),
  ...times,
})
export type TaskList = typeof TaskList.Type

/** A milestone, V3's "phase" (§4.11). */
export const Milestone = Schema.Struct({
  ...idName,
  owner: opt(UserRef),
  ...dates,
  status: opt(Schema.String),
  flag: opt(Schema.String),
  ...completion,
  ...times,
})
export type Milestone = typeof Milestone.Type

/** An issue, the legacy API's "bug" (§4.12). */
export const Issue = Schema.Struct({
  id: Schema.String,
  key: opt(Schema.String),
  title: Schema.String,
  description: opt(Schema.String),
  project: opt(Ref),
  status: opt(WorkStatus),
  severity: opt(Schema.String),
  assignee: opt(UserRef),
  reporter: opt(UserRef),
  due_date: opt(Schema.String),
  milestone: opt(Ref),
  is_billable: opt(Schema.Boolean),
  is_closed: opt(Schema.Boolean),
  closed_time: opt(Schema.String),
  ...times,
})
export type Issue = typeof Issue.Type

export const TimeLog = Schema.Struct({
  id: Schema.String,
  date: Schema.String,
  hours: Schema.String,
  minutes: Schema.Number,
  bill_status: Schema.String,
  notes: opt(Schema.String),
  owner: opt(UserRef),
  task: opt(Ref),
  issue: opt(Schema.Struct({ id: Schema.String, title: opt(Schema.String) })),
  project: opt(Ref),
  ...times,
})
export type TimeLog = typeof TimeLog.Type

export const SearchResult = Schema.Struct({
  module: Schema.String,
  id: Schema.String,
  name: Schema.String,
  project: opt(Ref),
})
export type SearchResult = typeof SearchResult.Type

export const PageInfo = Schema.Struct({
  page: opt(Schema.Number),
  per_page: opt(Schema.Number),
  has_next_page: opt(Schema.Boolean),
  has_more_page: opt(Schema.Boolean),
  total_count: opt(Schema.Number),
})
export type PageInfo = typeof PageInfo.Type

/** One page of a wrapped list. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly page: number
  readonly perPage: number
  readonly hasNextPage: boolean
  readonly totalCount: number | undefined
}

export const OAuthTokenResponse = Schema.Struct({
  access_token: Schema.Redacted(Schema.String),
  refresh_token: opt(Schema.Redacted(Schema.String)),
  scope: opt(Schema.String),
  api_domain: opt(Schema.String),
  token_type: opt(Schema.String),
  expires_in: opt(Schema.Number),
})
export const OAuthErrorResponse = Schema.Struct({ error: Schema.String })

export const OAuthUserInfo = Schema.Struct({
  ZUID: Schema.Number,
  Email: Schema.String,
  Display_Name: opt(Schema.String),
  First_Name: opt(Schema.String),
  Last_Name: opt(Schema.String),
})
export type OAuthUserInfo = typeof OAuthUserInfo.Type

/** The V3 error envelope (§6). */
export const ErrorEnvelope = Schema.Struct({
  error: Schema.Struct({
    status_code: opt(Schema.Union(Schema.String, Schema.Number)),
    title: opt(Schema.String),
    message: opt(Schema.String),
    details: opt(
      Schema.Array(Schema.Struct({ field_name: opt(Schema.String), message: opt(Schema.String) })),
    ),
  }),
})
