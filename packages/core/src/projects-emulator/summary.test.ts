import { describe, expect, it } from "vitest"
import { demoEmulator } from "../../test/emulator.js"

describe("state summary", () => {
  it("counts the demo portal's projects by type, users, client users and clients", () => {
    const summary = demoEmulator().summary()
    expect(summary.portals).toEqual([
      expect.objectContaining({
        name: "zylker-demo",
        owner: expect.objectContaining({ email: "owner@projects.demo.test" }),
        counts: expect.objectContaining({
          projects: 10,
          projects_active: 8,
          projects_archived: 1,
          projects_template: 1,
          users: 5,
          client_users: 6,
          clients: 6,
        }),
      }),
    ])
  })

  it("truncates the user list past the limit and says so", () => {
    const summary = demoEmulator().summary(3)
    expect(summary.users).toHaveLength(3)
    expect(summary.users_truncated).toBe(true)
  })
})
