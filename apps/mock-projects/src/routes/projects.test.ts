import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { EMPLOYEE, MANAGER, OWNER, setup } from "../../test/support.js"

type Setup = Awaited<ReturnType<typeof setup>>
let t: Setup
beforeEach(async () => {
  t = await setup()
})
afterEach(() => t.mock.dispose())

const names = (list: Array<{ name: string }>) => list.map((p) => p.name)

describe("project lists", () => {
  it("returns a bare array of active projects, newest first", async () => {
    const r = await t.call("GET", "projects", { as: OWNER })
    expect(r.status).toBe(200)
    expect(Array.isArray(r.json)).toBe(true)
    expect(r.json).toHaveLength(8)
    expect(r.json.every((p: { project_type: string }) => p.project_type === "active")).toBe(true)
    const times = r.json.map((p: { created_time: string }) => p.created_time)
    expect([...times].sort().reverse()).toEqual(times)
  })

  it("pages through an exact multiple of the page size, then answers an empty page", async () => {
    const seeded = await setup({ seed: 3, projects: 20, customFields: 2 })
    const owner = (await seeded.control.state()).portals[0]?.owner?.email ?? ""
    const pages = []
    for (const page of [1, 2, 3])
      pages.push(
        (await seeded.call("GET", `projects?status=all&per_page=10&page=${page}`, { as: owner })).json,
      )
    expect(pages.map((p) => p.length)).toEqual([10, 10, 0])
    const ids = new Set(pages.flat().map((p: { id: string }) => p.id))
    expect(ids.size).toBe(20)
    seeded.mock.dispose()
  })

  it("ends with a partial last page and keeps pages stable", async () => {
    const seeded = await setup({ seed: 3, projects: 20 })
    const owner = (await seeded.control.state()).portals[0]?.owner?.email ?? ""
    const sizes = []
    for (const page of [1, 2, 3])
      sizes.push(
        (await seeded.call("GET", `projects?status=all&per_page=7&page=${page}`, { as: owner })).json.length,
      )
    expect(sizes).toEqual([7, 7, 6])
    seeded.mock.dispose()
  })

  it("answers an empty array for a portal without projects", async () => {
    const created = await t.call("POST", "/api/v3/portals", { as: OWNER, body: { name: "Empty portal" } })
    expect(created.status).toBe(201)
    const r = await t.call("GET", `/api/v3/portal/${created.json.portal_details.id}/projects`, { as: OWNER })
    expect(r.status).toBe(200)
    expect(r.json).toEqual([])
  })

  it("rejects a page size above 200, a page below 1 and a non-integer page", async () => {
    for (const [q, field] of [
      ["per_page=201", "per_page"],
      ["page=0", "page"],
      ["page=abc", "page"],
      ["per_page=0", "per_page"],
    ]) {
      const r = await t.call("GET", `projects?${q}`, { as: OWNER })
      expect(r.status).toBe(400)
      expect(r.json.error.title).toBe("INVALID_VALUE")
      expect(r.json.error.details[0].field_name).toBe(field)
    }
    expect((await t.call("GET", "projects?per_page=200", { as: OWNER })).status).toBe(200)
  })

  it("accepts the legacy index and range parameters", async () => {
    const all = (await t.call("GET", "projects?per_page=200", { as: OWNER })).json
    const r = await t.call("GET", "projects?index=3&range=2", { as: OWNER })
    expect(names(r.json)).toEqual(names(all.slice(2, 4)))
  })

  it("sorts by name both ways, with sort_column or sort=", async () => {
    const asc = (await t.call("GET", "projects?sort_column=name&sort_order=ascending", { as: OWNER })).json
    expect(names(asc)).toEqual([...names(asc)].sort((a, b) => a.localeCompare(b)))
    const desc = (await t.call("GET", "projects?sort=name:desc", { as: OWNER })).json
    expect(names(desc)).toEqual(names(asc).reverse())
    const bad = await t.call("GET", "projects?sort_column=budget", { as: OWNER })
    expect(bad.json.error.details[0].field_name).toBe("sort_column")
  })

  it("filters by status, search_term and last_modified_time", async () => {
    expect(names((await t.call("GET", "projects?status=archived", { as: OWNER })).json)).toEqual([
      "Warehouse automation",
    ])
    expect((await t.call("GET", "projects?status=all", { as: OWNER })).json).toHaveLength(10)
    expect(names((await t.call("GET", "projects?search_term=MIGRAT", { as: OWNER })).json)).toEqual([
      "Data migration",
    ])
    const before = (await t.control.clock()).now
    await t.control.clockAdvance(60)
    await t.call(
      "PATCH",
      `projects/${(await t.call("GET", "projects?search_term=mobile", { as: OWNER })).json[0].id}`,
      {
        as: OWNER,
        body: { description: "changed" },
      },
    )
    const changed = await t.call("GET", `projects?last_modified_time=${Date.parse(before) + 1}`, {
      as: OWNER,
    })
    expect(names(changed.json)).toEqual(["Mobile app"])
  })

  it("shows employees only the projects they belong to or that are public", async () => {
    const r = await t.call("GET", "projects?status=all", { as: EMPLOYEE })
    expect(names(r.json).sort()).toEqual([
      "Intranet refresh",
      "Marketing site",
      "Mobile app",
      "Onboarding template",
    ])
  })
})

describe("project writes", () => {
  it("creates a project with every writable field and custom fields", async () => {
    const fields = (await t.call("GET", "settings/modules/projects/fields", { as: OWNER })).json.fields
    const cf = (name: string) => fields.find((f: { name: string }) => f.name === name).api_name
    const users = (await t.call("GET", "users", { as: OWNER })).json.users
    const manager = users.find((u: { email: string }) => u.email === MANAGER)
    const clients = (await t.call("GET", "clients", { as: OWNER })).json.clients
    const groups = (await t.call("GET", "groups", { as: OWNER })).json.groups
    const statuses = (await t.call("GET", "module/projects/statuses", { as: OWNER })).json.statuses
    const r = await t.call("POST", "projects", {
      as: OWNER,
      body: {
        name: "  New rollout  ",
        description: "<p>hi</p>",
        start_date: "03-01-2026",
        end_date: "2026-06-30",
        owner: { zpuid: manager.zpuid },
        status: { id: statuses[1].id },
        is_public: "yes",
        project_group: { id: groups[0].id },
        budget_info: { currency: "EUR" },
        clients: [{ id: clients[0].id }],
        [cf("Tier")]: "Gold",
        custom_fields: { [cf("Contract value")]: 1234.5 },
        [cf("Account manager")]: manager.zpuid,
        template_id: "ignored",
      },
    })
    expect(r.status).toBe(201)
    const p = r.json
    expect(p).toMatchObject({
      name: "New rollout",
      start_date: "2026-03-01",
      end_date: "2026-06-30",
      project_type: "active",
      is_public_project: true,
      status: { name: "In Progress" },
      owner: { email: MANAGER },
      created_by: { email: OWNER },
      project_group: { name: groups[0].name },
      budget_info: { currency: "EUR" },
      clients: [{ id: clients[0].id, name: clients[0].name }],
      [cf("Tier")]: "Gold",
      [cf("Contract value")]: 1234.5,
      [cf("Account manager")]: { email: MANAGER },
    })
    expect(typeof p.id).toBe("string")
    expect(p.key).toMatch(/^[A-Z]+-\d+$/)
    expect(Object.values(p)).not.toContain(null)
    expect((await t.call("GET", `projects/${p.id}`, { as: OWNER })).json).toEqual(p)
  })

  it("names the field of each validation failure and writes nothing", async () => {
    const fields = (await t.call("GET", "settings/modules/projects/fields", { as: OWNER })).json.fields
    const cf = (name: string) => fields.find((f: { name: string }) => f.name === name).api_name
    const cases: Array<[unknown, number, string, string]> = [
      [{}, 400, "MANDATORY_FIELD_MISSING", "name"],
      [{ name: 42 }, 400, "INVALID_VALUE", "name"],
      [{ name: "x".repeat(201) }, 400, "INVALID_VALUE", "name"],
      [{ name: "website REDESIGN" }, 409, "ALREADY_EXISTS", "name"],
      [{ name: "A", start_date: "2026-05-01", end_date: "2026-04-01" }, 400, "INVALID_VALUE", "end_date"],
      [{ name: "A", start_date: "2026-02-30" }, 400, "INVALID_VALUE", "start_date"],
      [{ name: "A", owner: "999" }, 400, "INVALID_VALUE", "owner"],
      [{ name: "A", status: { id: "1" } }, 400, "INVALID_VALUE", "status"],
      [{ name: "A", [cf("Tier")]: "Platinum" }, 400, "INVALID_VALUE", cf("Tier")],
      [{ name: "A", [cf("Cost center")]: "CC-1" }, 400, "INVALID_VALUE", cf("Cost center")],
      [{ name: "A", clients: [{ id: "123" }] }, 400, "INVALID_VALUE", "clients"],
      [{ name: "A", projects_cf_9999: 1 }, 400, "INVALID_VALUE", "projects_cf_9999"],
    ]
    for (const [body, status, title, field] of cases) {
      const r = await t.call("POST", "projects", { as: OWNER, body })
      expect([
        r.status,
        r.json.error.title,
        r.json.error.details[0].field_name,
        r.json.errors[0].field,
      ]).toEqual([status, title, field, field])
      expect(r.json.error.error_type).toBe(
        status === 409 ? "OPERATIONAL_VALIDATION_ERROR" : "FIELDS_VALIDATION_ERROR",
      )
    }
    const form = await t.call("POST", "projects", {
      as: OWNER,
      body: "name=A",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    expect([form.status, form.json.error.title]).toEqual([400, "INVALID_REQUEST_BODY"])
    expect((await t.call("POST", "projects", { as: OWNER, body: "[1]" })).json.error.title).toBe(
      "INVALID_REQUEST_BODY",
    )
    expect((await t.call("GET", "projects?status=all", { as: OWNER })).json).toHaveLength(10)
  })

  it("accepts a custom field of another layout when the project uses that layout", async () => {
    const layouts = (await t.call("GET", "module/projects/layouts", { as: OWNER })).json.layouts
    const internal = layouts.find((l: { is_default: boolean }) => !l.is_default)
    const fields = (await t.call("GET", "settings/modules/projects/fields", { as: OWNER })).json.fields
    const cost = fields.find((f: { name: string }) => f.name === "Cost center").api_name
    const r = await t.call("POST", "projects", {
      as: OWNER,
      body: { name: "Internal", layout_id: internal.id, [cost]: "CC-1" },
    })
    expect(r.status).toBe(201)
    expect(r.json[cost]).toBe("CC-1")
    const layoutFields = await t.call("GET", `projects/${r.json.id}/settings/modules/projects/fields`, {
      as: OWNER,
    })
    expect(layoutFields.json.fields.map((f: { api_name: string }) => f.api_name)).toContain(cost)
  })

  it("updates with PATCH or PUT, archives through the compat status, clears with null", async () => {
    const [p] = (await t.call("GET", "projects?search_term=Website", { as: OWNER })).json
    const patched = await t.call("PATCH", `projects/${p.id}`, {
      as: OWNER,
      body: { end_date: null, name: "Website v2" },
    })
    expect(patched.status).toBe(200)
    expect(patched.json.name).toBe("Website v2")
    expect(patched.json.end_date).toBeUndefined()
    expect(patched.json.description).toBe(p.description)
    const put = await t.call("PUT", `projects/${p.id}`, { as: OWNER, body: { status: "archived" } })
    expect(put.json.project_type).toBe("archived")
    expect(names((await t.call("GET", "projects", { as: OWNER })).json)).not.toContain("Website v2")
    expect(names((await t.call("GET", "projects?status=archived", { as: OWNER })).json)).toContain(
      "Website v2",
    )
  })

  it("trashes and deletes projects: gone from lists, then 404", async () => {
    const list = (await t.call("GET", "projects", { as: OWNER })).json
    const [a, b] = list
    expect((await t.call("POST", `projects/${a.id}/trash`, { as: OWNER })).status).toBe(204)
    const del = await t.call("DELETE", `projects/${b.id}`, { as: OWNER })
    expect([del.status, del.text]).toEqual([204, ""])
    const after = await t.call("GET", `projects/${a.id}`, { as: OWNER })
    expect([after.status, after.json.error.title]).toEqual([404, "RESOURCE_NOT_FOUND"])
    expect((await t.call("GET", "projects", { as: OWNER })).json).toHaveLength(list.length - 2)
  })

  it("lets employees edit the projects they own but not create projects", async () => {
    const mine = (await t.call("GET", "projects?search_term=Mobile", { as: EMPLOYEE })).json[0]
    expect(
      (await t.call("PATCH", `projects/${mine.id}`, { as: EMPLOYEE, body: { description: "x" } })).status,
    ).toBe(200)
    const other = (await t.call("GET", "projects?search_term=Marketing", { as: EMPLOYEE })).json[0]
    const r = await t.call("PATCH", `projects/${other.id}`, { as: EMPLOYEE, body: { description: "x" } })
    expect([r.status, r.json.error.title]).toEqual([403, "FORBIDDEN"])
    expect((await t.call("POST", "projects", { as: EMPLOYEE, body: { name: "Mine" } })).status).toBe(403)
    expect((await t.call("POST", "projects", { as: MANAGER, body: { name: "Managed" } })).status).toBe(201)
  })
})

describe("project users and clients", () => {
  it("adds, lists and removes project users; the owner stays", async () => {
    const [p] = (await t.call("GET", "projects?search_term=Intranet", { as: OWNER })).json
    const users = await t.call("GET", `projects/${p.id}/users`, { as: OWNER })
    expect(users.json.page_info).toMatchObject({
      page: 1,
      has_next_page: false,
      total_count: users.json.users.length,
    })
    const added = await t.call("POST", `projects/${p.id}/users`, {
      as: OWNER,
      body: { email: "admin@projects.demo.test" },
    })
    expect(added.status).toBe(201)
    expect(added.json.users[0].email).toBe("admin@projects.demo.test")
    const again = await t.call("POST", `projects/${p.id}/users`, {
      as: OWNER,
      body: { user_id: added.json.zpuid },
    })
    expect([again.status, again.json.error.title]).toEqual([409, "ALREADY_EXISTS"])
    const stranger = await t.call("POST", `projects/${p.id}/users`, {
      as: OWNER,
      body: { email: "x@nowhere.test" },
    })
    expect([stranger.status, stranger.json.error.title, stranger.json.error.details[0].field_name]).toEqual([
      400,
      "INVALID_VALUE",
      "email",
    ])
    const one = await t.call("GET", `projects/${p.id}/users/${added.json.zpuid}`, { as: OWNER })
    expect(one.json.email).toBe("admin@projects.demo.test")
    expect((await t.call("DELETE", `projects/${p.id}/users/${added.json.zpuid}`, { as: OWNER })).status).toBe(
      204,
    )
    const owner = await t.call("DELETE", `projects/${p.id}/users/${p.owner.zpuid}`, { as: OWNER })
    expect([owner.status, owner.json.error.title]).toEqual([409, "RESOURCE_IN_USE"])
  })

  it("links and unlinks clients, and lists projects per user and per client with page_info", async () => {
    const [p] = (await t.call("GET", "projects?search_term=Intranet", { as: OWNER })).json
    const [client] = (await t.call("GET", "clients?search_term=initech", { as: OWNER })).json.clients
    const linked = await t.call("POST", `projects/${p.id}/clients`, {
      as: MANAGER,
      body: { client_id: client.id },
    })
    expect(linked.status).toBe(201)
    expect(linked.json.clients[0].id).toBe(client.id)
    expect(
      (await t.call("GET", `projects/${p.id}/clients`, { as: OWNER })).json.clients.map(
        (c: { id: string }) => c.id,
      ),
    ).toEqual([client.id])
    const byClient = await t.call("GET", `clients/${client.id}/projects`, { as: OWNER })
    expect(names(byClient.json.projects).sort()).toEqual([
      "Data migration",
      "Intranet refresh",
      "Support portal",
    ])
    expect(byClient.json.page_info.total_count).toBe(3)
    expect((await t.call("GET", `clients/${client.id}`, { as: OWNER })).json.projects_count).toBe(3)
    expect((await t.call("DELETE", `projects/${p.id}/clients/${client.id}`, { as: OWNER })).status).toBe(204)
    const byUser = await t.call("GET", `users/${EMPLOYEE}/projects`, { as: OWNER })
    expect(names(byUser.json.projects).sort()).toEqual(["Intranet refresh", "Mobile app"])
  })
})

describe("routing", () => {
  it("answers unknown modules with URL_RULE_NOT_CONFIGURED and known paths with another method with 405", async () => {
    for (const path of [
      "tags",
      "projects/1/forums",
      "bugs",
      "timers",
      "/restapi/portal/1/projects/",
      "/nothing",
    ]) {
      const r = await t.call("GET", path, { as: OWNER })
      expect([r.status, r.json.error.title]).toEqual([400, "URL_RULE_NOT_CONFIGURED"])
    }
    const r = await t.call("DELETE", "projects", { as: OWNER })
    expect([r.status, r.json.error.title]).toEqual([405, "METHOD_NOT_ALLOWED"])
    expect((await t.call("PATCH", "groups/1", { as: OWNER })).status).toBe(405)
  })

  it("tolerates trailing slashes and sends problem+json when asked", async () => {
    expect((await t.call("GET", "projects/", { as: OWNER })).status).toBe(200)
    const r = await t.call("GET", "projects/1", {
      as: OWNER,
      headers: { accept: "application/problem+json" },
    })
    expect(r.headers.get("content-type")).toBe("application/problem+json")
    expect(r.json).toMatchObject({ status: 404, type: "urn:projects:error:RESOURCE_NOT_FOUND" })
  })
})
