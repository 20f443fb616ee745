import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

const names = (items: ReadonlyArray<Record<string, unknown>>) => items.map((p) => p.name)

describe("listing projects", () => {
  it("shows an employee the projects they own or belong to and the public ones", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const list = emu.listProjects(signIn(emu, "employee"), portal.id, { sort: "name:asc" })
    expect(names(list)).toEqual(["Intranet refresh", "Marketing site", "Mobile app"])
    expect(emu.listProjects(signIn(emu, "manager"), portal.id, {}).length).toBe(8)
  })

  it("filters by status, name and modification time", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    expect(names(emu.listProjects(owner, portal.id, { status: "archived" }))).toEqual([
      "Warehouse automation",
    ])
    expect(names(emu.listProjects(owner, portal.id, { search_term: "MOBILE" }))).toEqual(["Mobile app"])
    const since = String(emu.now())
    emu.updateProject(owner, portal.id, String(portal.projectOrder[0]?.id), { description: "now" })
    expect(names(emu.listProjects(owner, portal.id, { last_modified_time: since }))).toEqual([
      "Website redesign",
    ])
  })

  it("names the query parameter it cannot read", () => {
    const emu = demoEmulator()
    const owner = signIn(emu, "owner")
    const portal = demoPortal(emu)
    expect(failure(() => emu.listProjects(owner, portal.id, { sort: "budget:asc" })).field).toBe("sort")
    expect(failure(() => emu.listProjects(owner, portal.id, { status: "open" })).field).toBe("status")
    expect(failure(() => emu.listProjects(owner, portal.id, { per_page: "201" })).field).toBe("per_page")
  })

  it("hides a new project from lists for the eventual-consistency delay, not from reads", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    emu.setBehavior({ listDelaySeconds: 5 })
    const created = emu.createProject(owner, portal.id, { name: "Late" })
    expect(names(emu.listProjects(owner, portal.id, { search_term: "late" }))).toEqual([])
    expect(emu.getProject(owner, portal.id, String(created.id)).name).toBe("Late")
    emu.advanceClock(5_000)
    expect(names(emu.listProjects(owner, portal.id, { search_term: "late" }))).toEqual(["Late"])
  })

  it("pages a user's and a client's projects with their totals", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const acme = [...portal.clients.values()].find((c) => c.name === "Acme Corp")
    const page = emu.clientProjects(owner, portal.id, String(acme?.id), { per_page: "1" })
    expect(page.page_info).toMatchObject({ total_count: 2, has_next_page: true })
    const employee = emu.memberByEmail(portal, "employee@projects.demo.test")
    const mine = emu.userProjects(owner, portal.id, String(employee?.zpuid), {})
    expect(mine.page_info).toMatchObject({ total_count: 2 })
  })
})
