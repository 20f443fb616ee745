/** A project as the CRM shows it (SPEC §4.6): the portal's project plus its CRM links. */
import { Schema } from "effect"

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
