import { describe, expect, it } from "@effect/vitest"
import { Emulator } from "./emulator.js"
import { applyPortalChanges } from "./mid-read-changes.js"
import { parseSeedOptions, seed } from "./seed.js"

const fixedClock = () => Date.UTC(2026, 0, 1)

const portalWith = (projects: number) => {
  const emu = new Emulator("t", fixedClock, 1)
  seed(emu, parseSeedOptions({ seed: 5, portals: 1, projects, clients: 6, clientUsers: 8, users: 6 }))
  const portal = [...emu.state.portals.values()][0]
  const owner = portal?.members.get(portal.ownerZpuid)
  if (portal === undefined || owner === undefined) throw new Error("no portal")
  const caller = { zuid: owner.zuid, email: owner.email, via: "oauth" as const }
  /** One page of ids in the order the sync reads them, after any fault the read triggers. */
  const page = (n: number, perPage = 10) => {
    const fault = emu.matchFault("GET", `/api/v3/portal/${portal.id}/projects`)
    if (fault?.kind === "portal_changes") applyPortalChanges(emu, fault, portal.id)
    return emu
      .listProjects(caller, portal.id, {
        page: String(n),
        per_page: String(perPage),
        status: "all",
        sort_column: "created_time",
        sort_order: "ascending",
      })
      .map((p) => String(p.id))
  }
  return { emu, portal, page }
}

describe("portal_changes fault", () => {
  it("deletes projects before a page is read, so a paged read misses as many survivors as it had read", () => {
    const { emu, portal, page } = portalWith(40)
    const first = page(1)
    emu.addFault({ kind: "portal_changes", deletes: 12, count: 1, seed: 9 })
    const seen = new Set(first)
    for (let n = 2; n <= 4; n++) for (const id of page(n)) seen.add(id)
    expect(portal.projects.size).toBe(28)
    const deletedFromFirstPage = first.filter((id) => !portal.projects.has(id)).length
    const missed = [...portal.projects.keys()].filter((id) => !seen.has(id))
    expect(deletedFromFirstPage).toBeGreaterThan(0)
    expect(missed).toHaveLength(deletedFromFirstPage)
  })

  it("inserts projects, clients and users with names the portal accepts, as many as asked", () => {
    const { emu, portal } = portalWith(5)
    const staff = () => [...portal.members.values()].filter((m) => m.role !== "Client").length
    const clientUsers = () => [...portal.members.values()].filter((m) => m.role === "Client").length
    const counts = () => [portal.projects.size, portal.clients.size, staff(), clientUsers()]
    const [projects, clients, users, contacts] = counts()
    for (const entity of ["projects", "clients", "users", "client_users"]) {
      const fault = emu.addFault({ kind: "portal_changes", entity, inserts: 2, count: 1 })
      applyPortalChanges(emu, fault, portal.id)
    }
    expect(counts()).toEqual([(projects ?? 0) + 2, (clients ?? 0) + 2, (users ?? 0) + 2, (contacts ?? 0) + 2])
  })

  it("draws the same changes from the same seed", () => {
    const run = () => {
      const { emu, portal, page } = portalWith(60)
      emu.addFault({ kind: "portal_changes", deletes: 4, inserts: 2, count: 3, seed: 77 })
      for (let n = 1; n <= 4; n++) page(n)
      return [...portal.projects.keys()]
    }
    expect(run()).toEqual(run())
  })

  it("refuses an entity it does not know and a fault that changes nothing, naming the field", () => {
    const { emu } = portalWith(1)
    expect(() => emu.addFault({ kind: "portal_changes", entity: "tasks", deletes: 1 })).toThrow(
      expect.objectContaining({ field: "entity" }),
    )
    expect(() => emu.addFault({ kind: "portal_changes" })).toThrow(
      expect.objectContaining({ field: "inserts" }),
    )
    expect(() => emu.addFault({ kind: "portal_changes", deletes: 1.5 })).toThrow(
      expect.objectContaining({ field: "deletes" }),
    )
    expect(emu.state.faults).toHaveLength(0)
  })
})
