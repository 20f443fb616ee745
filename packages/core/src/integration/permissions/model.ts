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
