/**
 * A project create/update body validated into a patch before anything is written (projects-api.md §4.2),
 * and the patch applied.
 */
import { memberByEmail } from "../accounts.js"
import { alreadyExists, invalidValue, mandatoryMissing } from "../errors.js"
import type { CustomValue, Portal, Project, ProjectType } from "../model.js"
import { lower, type Namespace } from "../state.js"
import { type Body, bool, has, parseDate, refId, str } from "../validation.js"
import { customValue } from "./custom-values.js"

export function activeStaff(ns: Namespace, portal: Portal, field: string, raw: unknown): string {
  let zpuid: string
  if (typeof raw === "string" && raw.includes("@")) {
    const m = memberByEmail(ns, portal, raw)
    if (m === undefined) throw invalidValue(field, `${field} is not a user of this portal`)
    zpuid = m.zpuid
  } else zpuid = refId(field, raw, typeof raw === "object" && raw !== null && "zpuid" in raw ? "zpuid" : "id")
  const m = portal.members.get(zpuid)
  if (m === undefined || !m.isActive)
    throw invalidValue(field, `${field} is not an active user of this portal`)
  if (m.role === "Client") throw invalidValue(field, `${field} cannot be a client user`)
  return zpuid
}

/** Validates a project create/update body into a patch; writes nothing (§4.2). */
export type ProjectPatch = Partial<Project> & { clear: Set<keyof Project>; changed: string[] }

export function projectPatch(ns: Namespace, portal: Portal, b: Body, existing: Project | undefined) {
  const creating = existing === undefined
  const patch: ProjectPatch = {
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
    patch.owner = activeStaff(ns, portal, "owner", b.owner)
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
    // The compat form says "yes"/"no"; V3 clients send a boolean, which the service takes too.
    const v = b.is_public
    if (typeof v === "boolean") patch.isPublic = v
    else if (v === "yes" || v === "no") patch.isPublic = v === "yes"
    else throw invalidValue("is_public", "is_public must be yes, no or a boolean")
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
    if (!portal.layouts.some((l) => l.id === id)) throw invalidValue(f, `${f} is not a layout of this portal`)
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
    } else custom[k] = customValue(portal, field, raw)
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
  return { patch, custom }
}

export function applyPatch(
  _ns: Namespace,
  portal: Portal,
  p: Project,
  patch: ProjectPatch,
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
  if (patch.clientIds !== undefined) setProjectClients(portal, p, patch.clientIds)
  for (const k of patch.clear) delete p[k]
  for (const [k, v] of Object.entries(custom)) {
    if (v === null) delete p.custom[k]
    else p.custom[k] = v
  }
}

export function setProjectClients(portal: Portal, p: Project, ids: string[]): void {
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
