import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { ADMIN, EMPLOYEE, MANAGER, OWNER, setup } from "../../test/support.js"

let t: Awaited<ReturnType<typeof setup>>
beforeEach(async () => {
  t = await setup()
})
afterEach(() => t.mock.dispose())

describe("portals", () => {
  it("lists the caller's portals as a bare array with the caller's role", async () => {
    const r = await t.call("GET", "/api/v3/portals", { as: MANAGER })
    expect(r.json).toHaveLength(1)
    expect(r.json[0]).toMatchObject({
      id: t.portalId,
      id_string: t.portalId,
      name: "zylker-demo",
      portal_name: "zylker-demo",
      role: "manager",
      default: true,
      owner: { email: OWNER },
      project_count: { active: 8, archived: 1, template: 0 + 1 },
    })
    const one = await t.call("GET", `/api/v3/portal/${t.portalId}`, { as: MANAGER })
    expect(one.json.portal_details.id).toBe(t.portalId)
  })

  it("creates a portal owned by the caller, and serves the legacy /restapi shapes", async () => {
    const r = await t.call("POST", "/api/v3/portals", {
      as: ADMIN,
      body: { name: "Second", org_name: "Org" },
    })
    expect(r.status).toBe(201)
    expect(r.json.portal_details).toMatchObject({ name: "Second", role: "admin", owner: { email: ADMIN } })
    const legacy = await t.call("GET", "/restapi/portals/", { as: ADMIN })
    expect(legacy.json.login_id).toBe(ADMIN)
    expect(legacy.json.portals.map((p: { name: string }) => p.name)).toEqual(["zylker-demo", "Second"])
    const one = await t.call("GET", `/restapi/portals/${r.json.portal_details.id}`, { as: ADMIN })
    expect(one.json.portals[0].name).toBe("Second")
    expect(
      (await t.call("POST", "/api/v3/portals", { as: ADMIN, body: {} })).json.error.details[0].field_name,
    ).toBe("name")
    expect((await t.call("GET", "/api/v3/portal/999", { as: ADMIN })).status).toBe(404)
  })

  it("pages the bare portal list like /projects", async () => {
    await t.call("POST", "/api/v3/portals", { as: OWNER, body: { name: "Second" } })
    await t.call("POST", "/api/v3/portals", { as: OWNER, body: { name: "Third" } })
    const page = async (n: number) =>
      (await t.call("GET", `/api/v3/portals?per_page=2&page=${n}`, { as: OWNER })).json.map(
        (p: { name: string }) => p.name,
      )
    expect([await page(1), await page(2), await page(3)]).toEqual([["zylker-demo", "Second"], ["Third"], []])
  })
})

describe("portal users and roles", () => {
  it("lists users with page_info, by type, search and alphabetical sort", async () => {
    const all = await t.call("GET", "users", { as: OWNER })
    expect(all.json.page_info).toMatchObject({
      page: 1,
      per_page: 100,
      has_next_page: false,
      total_count: 11,
    })
    const portal = await t.call("GET", "users?type=1", { as: OWNER })
    expect(portal.json.users.every((u: { user_type: string }) => u.user_type === "portal")).toBe(true)
    const clients = await t.call("GET", "users?type=2", { as: OWNER })
    expect(clients.json.users).toHaveLength(6)
    expect(clients.json.users[0]).toMatchObject({
      user_type: "client",
      role: { name: "Client" },
      client_company: { name: "Acme Corp" },
    })
    const found = await t.call("GET", "users?search_term=MARIA", { as: OWNER })
    expect(found.json.users.map((u: { email: string }) => u.email)).toEqual([MANAGER])
    const sorted = await t.call("GET", "users?type=1&sort=alphabetical:desc", { as: OWNER })
    const fulls = sorted.json.users.map((u: { full_name: string }) => u.full_name.toLowerCase())
    expect(fulls).toEqual([...fulls].sort().reverse())
    const paged = await t.call("GET", "users?per_page=4&page=3", { as: OWNER })
    expect(paged.json.users).toHaveLength(3)
    expect(paged.json.page_info).toMatchObject({ page: 3, has_next_page: false, has_more_page: false })
  })

  it("adds a user with a role, refuses duplicates and the Client role, and updates the role", async () => {
    const r = await t.call("POST", "users", {
      as: ADMIN,
      body: { email: "New.Person@Zylker.test", role: "Manager", first_name: "New" },
    })
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({
      email: "new.person@zylker.test",
      role: { name: "Manager", type: "manager" },
      is_active: true,
      active: true,
    })
    expect(r.json.users[0].id).toBe(r.json.id)
    const dup = await t.call("POST", "users", { as: ADMIN, body: { email: "new.person@zylker.test" } })
    expect([dup.status, dup.json.error.title, dup.json.error.details[0].field_name]).toEqual([
      409,
      "ALREADY_EXISTS",
      "email",
    ])
    const client = await t.call("POST", "users", { as: ADMIN, body: { email: "c@x.test", role: "Client" } })
    expect([client.status, client.json.error.details[0].field_name]).toEqual([400, "role"])
    expect(
      (await t.call("POST", "users", { as: ADMIN, body: { email: "not-an-email" } })).json.error.title,
    ).toBe("INVALID_VALUE")
    const roles = (await t.call("GET", "roles", { as: ADMIN })).json.roles
    const contractor = roles.find((x: { name: string }) => x.name === "Contractor")
    const upd = await t.call("PUT", `users/${r.json.id}`, {
      as: ADMIN,
      body: { role_id: contractor.id, is_active: false },
    })
    expect(upd.json).toMatchObject({ role: { name: "Contractor" }, is_active: false })
    expect((await t.call("GET", `users/new.person@zylker.test`, { as: ADMIN })).json.role.name).toBe(
      "Contractor",
    )
    expect((await t.call("DELETE", `users/${r.json.id}`, { as: ADMIN })).status).toBe(204)
    expect((await t.call("GET", `users/${r.json.id}`, { as: ADMIN })).status).toBe(404)
  })

  it("keeps the owner: removing or demoting the portal owner is forbidden", async () => {
    const owner = (await t.call("GET", `users/${OWNER}`, { as: ADMIN })).json
    expect(owner.is_portal_owner).toBe(true)
    expect((await t.call("DELETE", `users/${owner.id}`, { as: ADMIN })).status).toBe(403)
    expect(
      (await t.call("PATCH", `users/${owner.id}`, { as: ADMIN, body: { role: "Employee" } })).status,
    ).toBe(403)
  })

  it("lets only administrators manage users", async () => {
    const r = await t.call("POST", "users", { as: MANAGER, body: { email: "a@b.test" } })
    expect([r.status, r.json.error.title, r.json.error.error_type]).toEqual([
      403,
      "FORBIDDEN",
      "OPERATIONAL_VALIDATION_ERROR",
    ])
    expect((await t.call("GET", "users", { as: EMPLOYEE })).status).toBe(200)
  })

  it("serves roles and profiles, one by id", async () => {
    const roles = (await t.call("GET", "roles", { as: OWNER })).json.roles
    expect(roles.map((r: { name: string }) => r.name)).toEqual([
      "Administrator",
      "Manager",
      "Employee",
      "Contractor",
      "Client",
    ])
    expect(roles[0]).toMatchObject({ type: "admin", is_system: true })
    const one = await t.call("GET", `roles/${roles[1].id}`, { as: OWNER })
    expect(one.json).toMatchObject({ name: "Manager", roles: [{ name: "Manager" }] })
    const profiles = (await t.call("GET", "profiles", { as: OWNER })).json.profiles
    expect((await t.call("GET", `profiles/${profiles[2].id}`, { as: OWNER })).json.name).toBe("Employee")
  })
})

describe("clients and client users", () => {
  it("creates, searches, updates and deletes clients", async () => {
    const r = await t.call("POST", "clients", {
      as: ADMIN,
      body: {
        name: "Hooli",
        email: "info@hooli.test",
        website: "https://hooli.test",
        currency_code: "usd",
        city: "Palo Alto",
      },
    })
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({
      name: "Hooli",
      currency_code: "USD",
      projects_count: 0,
      contacts_count: 0,
      clients: [{ name: "Hooli" }],
    })
    expect(r.json.phone).toBeUndefined()
    const dup = await t.call("POST", "clients", { as: ADMIN, body: { name: "HOOLI" } })
    expect([dup.status, dup.json.error.details[0].field_name]).toEqual([409, "name"])
    expect(
      (await t.call("POST", "clients", { as: ADMIN, body: { name: "X", website: "ftp://x" } })).json.error
        .details[0].field_name,
    ).toBe("website")
    const list = await t.call("GET", "clients?search_term=hoo", { as: ADMIN })
    expect(list.json.clients.map((c: { name: string }) => c.name)).toEqual(["Hooli"])
    expect(list.json.page_info.total_count).toBe(1)
    const upd = await t.call("PATCH", `clients/${r.json.id}`, {
      as: ADMIN,
      body: { city: null, phone: "+1 555 0199" },
    })
    expect(upd.json.city).toBeUndefined()
    expect(upd.json.phone).toBe("+1 555 0199")
    expect((await t.call("DELETE", `clients/${r.json.id}`, { as: ADMIN })).status).toBe(204)
    expect((await t.call("GET", `clients/${r.json.id}`, { as: ADMIN })).status).toBe(404)
  })

  it("refuses to delete a client with linked projects", async () => {
    const [acme] = (await t.call("GET", "clients?search_term=acme", { as: ADMIN })).json.clients
    const r = await t.call("DELETE", `clients/${acme.id}`, { as: ADMIN })
    expect([r.status, r.json.error.title]).toEqual([409, "RESOURCE_IN_USE"])
  })

  it("adds client users to a company, lists and removes them; deleting the company removes them", async () => {
    const c = (await t.call("POST", "clients", { as: ADMIN, body: { name: "Vandelay" } })).json
    const u = await t.call("POST", `clients/${c.id}/users`, {
      as: ADMIN,
      body: { email: "art@vandelay.test", name: "Art Vandelay" },
    })
    expect(u.status).toBe(201)
    expect(u.json).toMatchObject({
      first_name: "Art",
      last_name: "Vandelay",
      role: { name: "Client" },
      client_company: { id: c.id },
    })
    const list = await t.call("GET", `clients/${c.id}/users`, { as: ADMIN })
    expect(list.json.users.map((x: { email: string }) => x.email)).toEqual(["art@vandelay.test"])
    expect((await t.call("GET", `clients/${c.id}`, { as: ADMIN })).json.contacts_count).toBe(1)
    expect((await t.call("GET", `users?type=2&company_ids=${c.id}`, { as: ADMIN })).json.users).toHaveLength(
      1,
    )
    const u2 = await t.call("POST", `clients/${c.id}/users`, {
      as: ADMIN,
      body: { email: "kel@vandelay.test" },
    })
    expect((await t.call("DELETE", `clients/${c.id}/users/${u2.json.id}`, { as: ADMIN })).status).toBe(204)
    expect((await t.call("DELETE", `clients/${c.id}`, { as: ADMIN })).status).toBe(204)
    expect((await t.call("GET", `users/art@vandelay.test`, { as: ADMIN })).status).toBe(404)
  })

  it("shows client users only their company's projects they belong to", async () => {
    const r = await t.call("GET", "projects?status=all", { as: "wile.coyote@acme.test" })
    expect(r.json.map((p: { name: string }) => p.name).sort()).toEqual(["Mobile app", "Website redesign"])
    expect((await t.call("GET", "clients", { as: "wile.coyote@acme.test" })).status).toBe(403)
  })
})

describe("groups and settings", () => {
  it("lists, reads and creates groups", async () => {
    const list = await t.call("GET", "groups", { as: OWNER })
    expect(list.json.groups.map((g: { name: string }) => g.name)).toEqual(["Key accounts", "Internal"])
    expect(list.json.groups[0].projects_count).toBe(7)
    const g = await t.call("POST", "groups", { as: OWNER, body: { name: "Labs" } })
    expect(g.status).toBe(201)
    expect((await t.call("GET", `groups/${g.json.id}`, { as: OWNER })).json).toMatchObject({
      name: "Labs",
      groups: [{ name: "Labs" }],
    })
    expect((await t.call("POST", "groups", { as: OWNER, body: { name: "labs" } })).status).toBe(409)
  })

  it("serves modules, fields (standard then custom), one field, layouts and statuses", async () => {
    const modules = (await t.call("GET", "settings/modules", { as: OWNER })).json.modules
    expect(modules).toEqual([{ id: modules[0].id, name: "Projects", api_name: "projects", is_default: true }])
    const fields = (await t.call("GET", `settings/modules/${modules[0].id}/fields`, { as: OWNER })).json
      .fields
    const custom = fields.map((f: { is_custom_field: boolean }) => f.is_custom_field)
    expect(custom).toEqual([...custom].sort())
    const tier = fields.find((f: { name: string }) => f.name === "Tier")
    expect(tier).toMatchObject({
      api_name: "projects_cf_0001",
      field_type: "picklist",
      default_value: "Silver",
    })
    expect(tier.pick_list_values.map((v: { value: string }) => v.value)).toEqual(["Gold", "Silver", "Bronze"])
    const one = await t.call("GET", `settings/modules/projects/fields/${tier.id}`, { as: OWNER })
    expect(one.json.fields[0].api_name).toBe("projects_cf_0001")
    const layouts = (await t.call("GET", "module/projects/layouts", { as: OWNER })).json.layouts
    expect(layouts[0].sections[0].fields).toContain("projects_cf_0001")
    expect((await t.call("GET", `module/projects/layouts/${layouts[1].id}`, { as: OWNER })).json.name).toBe(
      "Internal Layout",
    )
    const statuses = (await t.call("GET", "module/projects/statuses", { as: OWNER })).json.statuses
    expect(
      statuses.map((s: { name: string; is_closed_type: boolean }) => [s.name, s.is_closed_type]),
    ).toEqual([
      ["Active", false],
      ["In Progress", false],
      ["On Hold", false],
      ["Completed", true],
      ["Cancelled", true],
    ])
    expect((await t.call("GET", "settings/modules/999/fields", { as: OWNER })).status).toBe(404)
  })
})
