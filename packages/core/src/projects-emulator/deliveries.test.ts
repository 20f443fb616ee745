import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, signIn } from "../../test/emulator.js"

const withHook = () => {
  const emu = demoEmulator()
  const portal = demoPortal(emu)
  const admin = signIn(emu, "admin")
  emu.createWebhook(admin, portal.id, { url: "https://crm.test/hook" })
  return { emu, portal, admin }
}

describe("webhook deliveries", () => {
  it("retries a failed delivery after 10 s, then 1, 5 and 30 min, then drops it", () => {
    const { emu, portal, admin } = withHook()
    emu.createProject(admin, portal.id, { name: "Flaky" })
    const waits = [10_000, 60_000, 300_000, 1_800_000]
    for (const wait of waits) {
      const [d] = emu.takeDueDeliveries()
      if (d === undefined) throw new Error("no delivery due")
      emu.completeDelivery(d, { status: 500 })
      emu.advanceClock(wait - 1)
      expect(emu.takeDueDeliveries()).toEqual([])
      emu.advanceClock(1)
    }
    const [last] = emu.takeDueDeliveries()
    if (last === undefined) throw new Error("no last attempt")
    emu.completeDelivery(last, { error: "ECONNREFUSED" })
    expect(emu.pendingDeliveries()).toBe(0)
    expect(emu.queryJournal({ type: "webhook" }).map((e) => e.outcome)).toEqual([
      "retry",
      "retry",
      "retry",
      "retry",
      "dropped",
    ])
  })

  it("holds deliveries when out of order is on, then releases the newest first", () => {
    const { emu, portal, admin } = withHook()
    emu.setBehavior({ webhookOutOfOrder: true })
    emu.createProject(admin, portal.id, { name: "First" })
    emu.createProject(admin, portal.id, { name: "Second" })
    expect(emu.takeDueDeliveries()).toEqual([])
    expect(emu.releaseHeldDeliveries()).toBe(2)
    const names = emu.takeDueDeliveries().map((d) => JSON.parse(d.body).data.project.name)
    expect(names).toEqual(["Second", "First"])
  })
})
