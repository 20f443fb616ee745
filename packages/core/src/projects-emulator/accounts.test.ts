import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal } from "../../test/emulator.js"

describe("accounts", () => {
  it("keeps one account per email, whatever its case", () => {
    const emu = demoEmulator()
    const a = emu.ensureAccount("Jane.Doe@Zylker.test")
    expect(emu.ensureAccount("jane.doe@zylker.test").zuid).toBe(a.zuid)
    expect(a).toMatchObject({ email: "jane.doe@zylker.test", firstName: "Jane", lastName: "Doe" })
  })

  it("finds a portal member by email and counts a client user on its client", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    expect(emu.memberByEmail(portal, "MANAGER@projects.demo.test")?.role).toBe("Manager")
    const client = [...portal.clients.values()][0]
    if (client === undefined) throw new Error("no client")
    const before = client.contactsCount
    emu.addMember(portal, emu.ensureAccount("buyer@acme.test"), "Client", emu.now(), client.id)
    expect(client.contactsCount).toBe(before + 1)
  })
})
