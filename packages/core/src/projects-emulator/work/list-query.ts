/**
 * Filtering, sorting and paging of task and issue lists (projects-api.md §4.9, §4.12, §5): the query
 * is read once into a predicate and an order, and a bad parameter is named before anything is read.
 */
import { invalidValue } from "../errors.js"
import { lower, type Query } from "../state.js"
import { compareIds, type PageRequest, pageInfo, parsePage, slicePage } from "../validation.js"

export interface Item {
  id: string
  endDate?: string | undefined
  createdTime: number
  modifiedTime: number
}

const SORTS = ["created_time", "last_modified_time", "end_date", "name"] as const
type Sort = (typeof SORTS)[number]

export interface ListQuery {
  page: PageRequest
  status: "open" | "closed" | "all"
  since: number | undefined
  search: string | undefined
  sort: Sort
  descending: boolean
}

export function readListQuery(q: Query): ListQuery {
  const page = parsePage(q)
  const status = q.status ?? "all"
  if (status !== "open" && status !== "closed" && status !== "all")
    throw invalidValue("status", "status must be open, closed or all")
  let since: number | undefined
  if (q.last_modified_time !== undefined) {
    if (!/^\d+$/.test(q.last_modified_time))
      throw invalidValue("last_modified_time", "last_modified_time must be epoch milliseconds")
    since = Number(q.last_modified_time)
  }
  const [column = "created_time", order = "asc"] = (q.sort ?? "created_time:asc").split(":")
  if (!SORTS.includes(column as Sort) || (order !== "asc" && order !== "desc"))
    throw invalidValue("sort", `sort must be one of ${SORTS.join(", ")} with :asc or :desc`)
  const search = q.search_term === undefined || q.search_term === "" ? undefined : lower(q.search_term)
  return { page, status, since, search, sort: column as Sort, descending: order === "desc" }
}

/** An id filter from the query (`owner`, `tasklist_id`…): absent, or a decimal id. */
export function idFilter(q: Query, field: string): string | undefined {
  const v = q[field]
  if (v === undefined || v === "") return undefined
  if (!/^\d{1,19}$/.test(v)) throw invalidValue(field, `${field} must be an id`)
  return v
}

export function oneOf<A extends string>(q: Query, field: string, allowed: ReadonlyArray<A>): A | undefined {
  const v = q[field]
  if (v === undefined || v === "") return undefined
  if (!allowed.includes(v as A)) throw invalidValue(field, `${field} must be one of ${allowed.join(", ")}`)
  return v as A
}

const compare =
  <A extends Item>(sort: Sort, name: (a: A) => string) =>
  (a: A, b: A) => {
    const by =
      sort === "created_time"
        ? a.createdTime - b.createdTime
        : sort === "last_modified_time"
          ? a.modifiedTime - b.modifiedTime
          : sort === "name"
            ? lower(name(a)) < lower(name(b))
              ? -1
              : lower(name(a)) > lower(name(b))
                ? 1
                : 0
            : (a.endDate ?? "9999") < (b.endDate ?? "9999")
              ? -1
              : (a.endDate ?? "9999") > (b.endDate ?? "9999")
                ? 1
                : 0
    return by !== 0 ? by : compareIds(a.id, b.id)
  }

/**
 * One page of `items` (in creation order) that pass `keep` and the common filters. The default order
 * (creation, ascending) stops as soon as the page is full and counts the rest without rendering it.
 */
export function pageOf<A extends Item>(
  items: Iterable<A>,
  lq: ListQuery,
  how: { closed: (a: A) => boolean; keep: (a: A) => boolean; name: (a: A) => string },
): { items: A[]; page_info: ReturnType<typeof pageInfo> } {
  const pass = (a: A) =>
    (lq.status === "all" || how.closed(a) === (lq.status === "closed")) &&
    (lq.since === undefined || a.modifiedTime >= lq.since) &&
    (lq.search === undefined || lower(how.name(a)).includes(lq.search)) &&
    how.keep(a)
  if (lq.sort === "created_time" && !lq.descending) {
    const out: A[] = []
    let total = 0
    for (const a of items) {
      if (!pass(a)) continue
      if (total >= lq.page.offset && out.length < lq.page.perPage) out.push(a)
      total++
    }
    return { items: out, page_info: pageInfo(lq.page, total) }
  }
  const all = [...items].filter(pass).sort(compare(lq.sort, how.name))
  if (lq.descending) all.reverse()
  return { items: slicePage(all, lq.page), page_info: pageInfo(lq.page, all.length) }
}
