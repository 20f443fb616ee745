import { describe, expect, it } from "vitest"
import { failure } from "../../../test/emulator.js"
import { pageOf, readListQuery } from "./list-query.js"

const items = Array.from({ length: 25 }, (_, i) => ({
  id: String(100 + i),
  name: `Item ${String.fromCharCode(90 - i)}`,
  createdTime: i,
  modifiedTime: 100 - i,
  closed: i % 5 === 0,
}))
const how = {
  closed: (a: (typeof items)[number]) => a.closed,
  keep: () => true,
  name: (a: { name: string }) => a.name,
}

describe("work list queries", () => {
  it("pages in creation order and counts every match", () => {
    const page = pageOf(items, readListQuery({ per_page: "10", page: "3" }), how)
    expect(page.items.map((i) => i.id)).toEqual(["120", "121", "122", "123", "124"])
    expect(page.page_info).toMatchObject({ total_count: 25, has_next_page: false })
  })

  it("filters by status and sorts by name or modification time", () => {
    expect(pageOf(items, readListQuery({ status: "closed" }), how).items).toHaveLength(5)
    expect(pageOf(items, readListQuery({ sort: "name:asc", per_page: "1" }), how).items[0]?.name).toBe(
      "Item B",
    )
    expect(
      pageOf(items, readListQuery({ sort: "last_modified_time:desc", per_page: "1" }), how).items[0]?.id,
    ).toBe("100")
  })

  it("names the parameter it cannot read", () => {
    expect(failure(() => readListQuery({ status: "done" })).field).toBe("status")
    expect(failure(() => readListQuery({ sort: "priority:asc" })).field).toBe("sort")
    expect(failure(() => readListQuery({ last_modified_time: "yesterday" })).field).toBe("last_modified_time")
  })
})
