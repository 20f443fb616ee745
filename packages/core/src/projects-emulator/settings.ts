/**
 * Read-only portal settings (projects-api.md §4.3): the projects module, its fields, layouts and statuses.
 */
import { access } from "./auth.js"
import { notFound } from "./errors.js"
import type { Portal } from "./model.js"
import { readableProject } from "./projects/list.js"
import type { Caller, Namespace } from "./state.js"
import { fieldView, type Json, layoutView, single, statusView } from "./views.js"

export function listModules(ns: Namespace, caller: Caller, portalId: string): Json {
  const { portal } = access(ns, caller, portalId, "custom_fields", "READ")
  return { modules: [{ id: portal.moduleId, name: "Projects", api_name: "projects", is_default: true }] }
}

export function moduleOf(portal: Portal, moduleId: string) {
  if (moduleId !== portal.moduleId && moduleId !== "projects") throw notFound("Module")
}

export function getModule(ns: Namespace, caller: Caller, portalId: string, moduleId: string): Json {
  const { portal } = access(ns, caller, portalId, "custom_fields", "READ")
  moduleOf(portal, moduleId)
  const m = { id: portal.moduleId, name: "Projects", api_name: "projects", is_default: true }
  return { ...m, modules: [m] }
}

export function listFields(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  moduleId: string,
  projectId?: string,
): Json {
  const { portal, member } = access(ns, caller, portalId, "custom_fields", "READ")
  moduleOf(portal, moduleId)
  let defs = portal.fields
  if (projectId !== undefined) {
    const p = readableProject(ns, portal, member, projectId)
    defs = defs.filter((f) => f.layoutIds.includes(p.layoutId))
  }
  return { fields: [...defs.filter((f) => !f.isCustom), ...defs.filter((f) => f.isCustom)].map(fieldView) }
}

export function getField(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  moduleId: string,
  fieldId: string,
): Json {
  const { portal } = access(ns, caller, portalId, "custom_fields", "READ")
  moduleOf(portal, moduleId)
  const f = portal.fields.find((x) => x.id === fieldId || x.apiName === fieldId)
  if (f === undefined) throw notFound("Field")
  return single("fields", fieldView(f))
}

export function listLayouts(ns: Namespace, caller: Caller, portalId: string): Json {
  const { portal } = access(ns, caller, portalId, "custom_fields", "READ")
  return { layouts: portal.layouts.map(layoutView) }
}

export function getLayout(ns: Namespace, caller: Caller, portalId: string, layoutId: string): Json {
  const { portal } = access(ns, caller, portalId, "custom_fields", "READ")
  const l = portal.layouts.find((x) => x.id === layoutId)
  if (l === undefined) throw notFound("Layout")
  return single("layouts", layoutView(l))
}

export function listStatuses(ns: Namespace, caller: Caller, portalId: string): Json {
  const { portal } = access(ns, caller, portalId, "custom_fields", "READ")
  return { statuses: portal.statuses.map(statusView) }
}
