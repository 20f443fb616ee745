import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("portal settings", () => {
  it("lists standard fields before custom ones, and only the layout's fields for a project", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const all = emu.fields(owner, portal.id, "projects").fields as Array<Record<string, unknown>>
    expect(all[0]).toMatchObject({ api_name: "name", is_custom_field: false })
    expect(all.map((f) => f.name)).toContain("Cost center")
    const p = String(portal.projectOrder[0]?.id)
    const inLayout = emu.fields(owner, portal.id, portal.moduleId, p).fields as Array<Record<string, unknown>>
    expect(inLayout.map((f) => f.name)).not.toContain("Cost center")
  })

  it("reads settings with the custom_fields or the projects read scope", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const reader = signIn(emu, "owner", ["ZohoProjects.projects.READ"])
    expect(emu.layouts(reader, portal.id).layouts).toHaveLength(2)
    const users = signIn(emu, "owner", ["ZohoProjects.users.READ"])
    expect(failure(() => emu.statuses(users, portal.id)).title).toBe("INVALID_OAUTHSCOPE")
    expect(failure(() => emu.module(reader, portal.id, "tasks")).status).toBe(404)
  })
})
