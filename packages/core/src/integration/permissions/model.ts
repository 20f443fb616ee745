/** The five boxes of "Permissions for CRM users" (SPEC §4.4), per profile. */
import { Schema } from "effect"

export const ProjectAction = Schema.Literal("tab", "view", "create", "edit", "delete")
export type ProjectAction = typeof ProjectAction.Type

export const ProjectPermissionSet = Schema.Struct({
  tab: Schema.Boolean,
  view: Schema.Boolean,
  create: Schema.Boolean,
  edit: Schema.Boolean,
  delete: Schema.Boolean,
})
export type ProjectPermissionSet = typeof ProjectPermissionSet.Type

export const allOn: ProjectPermissionSet = { tab: true, view: true, create: true, edit: true, delete: true }
export const allOff: ProjectPermissionSet = {
  tab: false,
  view: false,
  create: false,
  edit: false,
  delete: false,
}

/** Create, Edit and Delete act on projects one can see: without View they grant nothing (as in Zoho). */
export const NEEDS_VIEW: ReadonlyArray<ProjectAction> = ["create", "edit", "delete"]

/** The boxes that take effect: Create, Edit and Delete only with View. */
export const effectivePermissions = (set: ProjectPermissionSet): ProjectPermissionSet => ({
  ...set,
  create: set.view && set.create,
  edit: set.view && set.edit,
  delete: set.view && set.delete,
})

/** Whether a set ticks Create, Edit or Delete without View (refused when saved). */
export const lacksView = (set: ProjectPermissionSet) => !set.view && NEEDS_VIEW.some((action) => set[action])

export const actionLabels: Record<ProjectAction, string> = {
  tab: "see the Projects tab",
  view: "view projects",
  create: "create projects",
  edit: "edit projects",
  delete: "delete projects",
}

export class ProjectPermissionDenied extends Schema.TaggedError<ProjectPermissionDenied>()(
  "ProjectPermissionDenied",
  { action: ProjectAction },
) {
  override get message() {
    return `your profile is not allowed to ${actionLabels[this.action]}`
  }
}

/** One profile's boxes as `PUT /integration/permissions` takes them. */
export const ProfilePermissionEntry = Schema.Struct({
  profileId: Schema.UUID,
  ...ProjectPermissionSet.fields,
})
export type ProfilePermissionEntry = typeof ProfilePermissionEntry.Type

export const PermissionsInput = Schema.Struct({
  entries: Schema.Array(ProfilePermissionEntry).pipe(Schema.maxItems(500)),
})
export type PermissionsInput = typeof PermissionsInput.Type

export const ProfilePermissions = Schema.Struct({
  profileId: Schema.String,
  name: Schema.String,
  isAdmin: Schema.Boolean,
  permissions: ProjectPermissionSet,
})
export type ProfilePermissions = typeof ProfilePermissions.Type

/** 422: an entry names a profile of no one here, or names one twice; nothing saved. */
export class PermissionsInvalid extends Schema.TaggedError<PermissionsInvalid>()("PermissionsInvalid", {
  errors: Schema.Array(
    Schema.Struct({
      field: Schema.String,
      message: Schema.String,
      /** Stable name of the refusal, for a client's own wording of it. */
      code: Schema.Literal("unknownProfile", "listedTwice", "viewRequired"),
    }),
  ),
}) {
  override get message() {
    return this.errors.map((e) => `${e.field}: ${e.message}`).join("; ")
  }
}

/** What saving these permissions will do to the portal's users (`POST /integration/permissions/preview`). */
export const PermissionsPreview = Schema.Struct({
  /** In English, for API users: the counts of the three lists. */
  summary: Schema.String,
  toTransfer: Schema.Array(
    Schema.Struct({ userId: Schema.String, email: Schema.String, name: Schema.String }),
  ),
  alreadyPresent: Schema.Array(
    Schema.Struct({ userId: Schema.String, email: Schema.String, name: Schema.String, role: Schema.String }),
  ),
  conflicts: Schema.Array(
    Schema.Struct({
      userId: Schema.String,
      email: Schema.String,
      name: Schema.String,
      /** In English, for API users; `code` (and `role`) say the same as data. */
      reason: Schema.String,
      code: Schema.Literal("clientUser", "deactivated"),
      /** The portal role of a deactivated user. */
      role: Schema.NullOr(Schema.String),
    }),
  ),
})
export type PermissionsPreview = typeof PermissionsPreview.Type

/** What `/me` needs for the console's navigation. */
export const ProjectNavigation = Schema.Struct({
  projectsTab: Schema.Boolean,
  permissions: ProjectPermissionSet,
  message: Schema.NullOr(Schema.String),
})
export type ProjectNavigation = typeof ProjectNavigation.Type
