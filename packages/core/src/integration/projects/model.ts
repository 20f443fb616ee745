/** A project as the CRM shows it (SPEC §4.6): the portal's project plus its CRM links. */
import { Schema } from "effect"

/** Open and closed items of one kind of a project's work. */
export const WorkCount = Schema.Struct({ open: Schema.Number, closed: Schema.Number })
export type WorkCount = typeof WorkCount.Type

/** A project's tasks, issues and milestones, counted by the portal; null when the portal sent none. */
export const ProjectWork = Schema.Struct({
  tasks: Schema.NullOr(WorkCount),
  issues: Schema.NullOr(WorkCount),
  milestones: Schema.NullOr(WorkCount),
})
export type ProjectWork = typeof ProjectWork.Type

export const CrmProject = Schema.Struct({
  id: Schema.String,
  projectsId: Schema.String,
  name: Schema.String,
  key: Schema.NullOr(Schema.String),
  status: Schema.NullOr(Schema.String),
  projectType: Schema.NullOr(Schema.String),
  owner: Schema.NullOr(Schema.Struct({ email: Schema.String, name: Schema.NullOr(Schema.String) })),
  startDate: Schema.NullOr(Schema.String),
  endDate: Schema.NullOr(Schema.String),
  description: Schema.NullOr(Schema.String),
  percentComplete: Schema.NullOr(Schema.Number),
  clients: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String })),
  customFields: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  dealId: Schema.NullOr(Schema.String),
  accountId: Schema.NullOr(Schema.String),
  modifiedTime: Schema.NullOr(Schema.String),
  /** As of the copy's last sync (webhook, reconcile, or the project page's live read). */
  work: ProjectWork,
})
export type CrmProject = typeof CrmProject.Type

export const ProjectListQuery = Schema.Struct({
  search: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
  status: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
  projectType: Schema.optional(Schema.Literal("active", "archived", "template")),
  ownerEmail: Schema.optional(Schema.String.pipe(Schema.maxLength(254))),
  /** Projects of this Projects client. */
  clientId: Schema.optional(
    Schema.String.pipe(Schema.pattern(/^\d{1,19}$/, { message: () => "must be a Projects client id" })),
  ),
  /** Projects linked to this account, or of the client mapped to it. */
  accountId: Schema.optional(Schema.UUID),
  /** By name (default) or by last change in the portal; a leading `-` reverses. */
  sort: Schema.optional(Schema.Literal("name", "-name", "modified", "-modified")),
  cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(500))),
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))),
})
export type ProjectListQuery = typeof ProjectListQuery.Type

export class CrmProjectNotFound extends Schema.TaggedError<CrmProjectNotFound>()("CrmProjectNotFound", {
  projectId: Schema.String,
}) {
  override get message() {
    return `project ${this.projectId} not found`
  }
}

/** A milestone (V3 "phase") of a project, read from the portal; the CRM shows them, never edits them. */
export const CrmMilestone = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  /** The portal's status: `active` or `completed` on the services we know; shown as words by the console. */
  status: Schema.NullOr(Schema.String),
  completed: Schema.Boolean,
  owner: Schema.NullOr(Schema.String),
  startDate: Schema.NullOr(Schema.String),
  endDate: Schema.NullOr(Schema.String),
})
export type CrmMilestone = typeof CrmMilestone.Type

/** `GET /projects/:id/progress`: the project's work counts and milestones, read live from the portal. */
export const ProjectProgressView = Schema.Struct({
  projectId: Schema.String,
  work: ProjectWork,
  milestones: Schema.Array(CrmMilestone),
  /** When the portal was read (ISO 8601). */
  readAt: Schema.String,
})
export type ProjectProgressView = typeof ProjectProgressView.Type
