import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../../test/emulator.js"

describe("issues", () => {
  it("lets a client user of the project report an issue that the assignee then closes", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const project = String(portal.projectOrder.find((p) => p.name === "Website redesign")?.id)
    const contact = signIn(emu, "wile.coyote@acme.test")
    const manager = emu.memberByEmail(portal, "manager@projects.demo.test")
    const issue = emu.createIssue(contact, portal.id, project, {
      title: "Invoice total is wrong",
      severity: "major",
    })
    expect(issue).toMatchObject({ reporter: { email: "wile.coyote@acme.test" }, is_closed: false })
    const owner = signIn(emu, "owner")
    emu.updateIssue(owner, portal.id, project, String(issue.id), { assignee: manager?.zpuid })
    const closed = String(portal.issueStatuses?.find((s) => s.isClosed)?.id)
    const done = emu.updateIssue(signIn(emu, "manager"), portal.id, project, String(issue.id), {
      status: { id: closed },
    })
    expect(done).toMatchObject({ is_closed: true, closed_time: expect.any(String) })
    expect(failure(() => emu.deleteIssue(contact, portal.id, project, String(issue.id))).status).toBe(403)
  })

  it("counts open and closed issues on the project", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const p = portal.projectOrder[0]
    const before = emu.getProject(owner, portal.id, String(p?.id)).issues as { open_count: number }
    emu.createIssue(owner, portal.id, String(p?.id), { title: "One more" })
    expect(emu.getProject(owner, portal.id, String(p?.id)).issues).toMatchObject({
      open_count: before.open_count + 1,
    })
  })
})
