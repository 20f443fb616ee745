import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, failure, signIn } from "../../test/emulator.js"

describe("webhooks", () => {
  it("shows the secret once, on creation", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    const made = emu.createWebhook(admin, portal.id, { url: "https://crm.test/hook" })
    expect(String(made.secret)).toMatch(/^whsec_/)
    expect(emu.getWebhook(admin, portal.id, String(made.id)).secret).toBeUndefined()
    expect(failure(() => emu.createWebhook(admin, portal.id, { url: "ftp://x" })).field).toBe("url")
    expect(failure(() => emu.listWebhooks(signIn(emu, "manager"), portal.id)).status).toBe(403)
  })

  it("queues one delivery per subscribed event a project write emits", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    emu.createWebhook(admin, portal.id, { url: "https://crm.test/hook", events: ["project.deleted"] })
    const made = emu.createProject(admin, portal.id, { name: "Short-lived" })
    expect(emu.pendingDeliveries()).toBe(0)
    emu.trashProject(admin, portal.id, String(made.id))
    const [d] = emu.takeDueDeliveries()
    expect(JSON.parse(String(d?.body))).toMatchObject({
      event: "project.deleted",
      data: { project: { name: "Short-lived" } },
    })
  })

  it("drops queued deliveries of a deleted webhook", () => {
    const emu = demoEmulator()
    const portal = demoPortal(emu)
    const admin = signIn(emu, "admin")
    const hook = emu.createWebhook(admin, portal.id, { url: "https://crm.test/hook" })
    emu.createProject(admin, portal.id, { name: "Noisy" })
    expect(emu.pendingDeliveries()).toBe(1)
    emu.deleteWebhook(admin, portal.id, String(hook.id))
    expect(emu.pendingDeliveries()).toBe(0)
  })
})
