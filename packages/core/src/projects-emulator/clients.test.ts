import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("clients", () => {
  it("creates a client with a unique name and normalised currency", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    expect(emu.createClient(admin, portal.id, { name: "Hooli", currency_code: "eur" })).toMatchObject({
      currency_code: "EUR",
      projects_count: 0,
    })
    expect(failure(() => emu.createClient(admin, portal.id, { name: "acme corp" })).status).toBe(409)
    expect(failure(() => emu.createClient(admin, portal.id, { name: "X", phone: "call me" })).field).toBe(
      "phone",
    )
  })

  it("refuses to delete a client with projects, and removes its users with it otherwise", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    const acme = [...portal.clients.values()].find((c) => c.name === "Acme Corp")
    expect(failure(() => emu.deleteClient(admin, portal.id, String(acme?.id))).status).toBe(409)
    const wayne = [...portal.clients.values()].find((c) => c.name === "Wayne Enterprises")
    emu.deleteClient(admin, portal.id, String(wayne?.id))
    expect(emu.memberByEmail(portal, "lucius.fox@wayne.test")).toBeUndefined()
  })

  it("shows a client user their own company only", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const contact = signIn(emu, "wile.coyote@acme.test")
    const acme = [...portal.clients.values()].find((c) => c.name === "Acme Corp")
    const globex = [...portal.clients.values()].find((c) => c.name === "Globex")
    expect(emu.getClient(contact, portal.id, String(acme?.id)).name).toBe("Acme Corp")
    expect(failure(() => emu.getClient(contact, portal.id, String(globex?.id))).status).toBe(403)
  })

  it("adds and removes client users under their client", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    const acme = String([...portal.clients.values()].find((c) => c.name === "Acme Corp")?.id)
    const added = emu.addClientUser(admin, portal.id, acme, { email: "road.runner@acme.test" })
    expect(emu.listClientUsers(admin, portal.id, acme, {}).page_info).toMatchObject({ total_count: 2 })
    emu.removeClientUser(admin, portal.id, acme, String(added.id))
    expect(emu.listClientUsers(admin, portal.id, acme, {}).page_info).toMatchObject({ total_count: 1 })
  })
})
