/**
 * Search (projects-api.md §4.14): a case-insensitive substring of names, titles and descriptions, over
 * what the caller may read, module by module in creation order.
 */
import { access, canReadProject } from "../auth.js"
import { invalidValue, mandatoryMissing } from "../errors.js"
import type { Project } from "../model.js"
import { type Caller, lower, type Namespace, type Query } from "../state.js"
import { pageInfo, parsePage } from "../validation.js"
import type { Json } from "../views.js"
import { inProject } from "./access.js"
import { oneOf } from "./list-query.js"
import { projectRef } from "./views.js"

const MODULES = ["all", "projects", "tasks", "tasklists", "milestones", "issues"] as const
type Module = (typeof MODULES)[number]

interface Hit {
  module: Exclude<Module, "all">
  id: string
  name: string
  project: { id: string; name: string }
}

function* hitsIn(p: Project, module: Module, term: string, withProject: boolean): Generator<Hit> {
  const has = (...texts: Array<string | undefined>) =>
    texts.some((t) => t !== undefined && lower(t).includes(term))
  const project = projectRef(p)
  const wants = (m: Module) => module === "all" || module === m
  if (withProject && wants("projects") && has(p.name, p.description))
    yield { module: "projects", id: p.id, name: p.name, project }
  const work = p.work
  if (work === undefined) return
  if (wants("tasks"))
    for (const t of work.tasks.values())
      if (has(t.name, t.description)) yield { module: "tasks", id: t.id, name: t.name, project }
  if (wants("tasklists"))
    for (const l of work.tasklists.values())
      if (has(l.name)) yield { module: "tasklists", id: l.id, name: l.name, project }
  if (wants("milestones"))
    for (const m of work.milestones.values())
      if (has(m.name)) yield { module: "milestones", id: m.id, name: m.name, project }
  if (wants("issues"))
    for (const i of work.issues.values())
      if (has(i.title, i.description)) yield { module: "issues", id: i.id, name: i.title, project }
}

function readSearch(q: Query, allowProjects: boolean) {
  const raw = q.search_term?.trim() ?? ""
  if (raw === "") throw mandatoryMissing("search_term")
  if (raw.length > 100) throw invalidValue("search_term", "search_term must have at most 100 characters")
  const module = oneOf(q, "module", MODULES) ?? "all"
  if (module === "projects" && !allowProjects)
    throw invalidValue("module", "module projects is searched at the portal level")
  return { term: lower(raw), module, page: parsePage(q) }
}

function page(hits: Iterable<Hit>, req: ReturnType<typeof parsePage>): Json {
  const results: Hit[] = []
  let total = 0
  for (const h of hits) {
    if (total >= req.offset && results.length < req.perPage) results.push(h)
    total++
  }
  return { results, page_info: pageInfo(req, total) }
}

export function searchPortal(ns: Namespace, caller: Caller, portalId: string, q: Query): Json {
  const { portal, member } = access(ns, caller, portalId, "search", "READ")
  const s = readSearch(q, true)
  const readable = portal.projectOrder.filter((p) => canReadProject(ns, portal, member, p))
  const modules: Module[] =
    s.module === "all" ? ["projects", "tasks", "tasklists", "milestones", "issues"] : [s.module]
  const all = function* () {
    for (const m of modules) for (const p of readable) yield* hitsIn(p, m, s.term, true)
  }
  return page(all(), s.page)
}

export function searchProject(
  ns: Namespace,
  caller: Caller,
  portalId: string,
  projectId: string,
  q: Query,
): Json {
  const at = inProject(ns, caller, portalId, projectId, "search", "READ")
  const s = readSearch(q, false)
  const modules: Module[] = s.module === "all" ? ["tasks", "tasklists", "milestones", "issues"] : [s.module]
  const all = function* () {
    for (const m of modules) yield* hitsIn(at.p, m, s.term, false)
  }
  return page(all(), s.page)
}
