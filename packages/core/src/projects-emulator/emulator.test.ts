import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck, TestClock } from "effect"
import { Emulator } from "./emulator.js"
import { EmulatorRegistry } from "./registry.js"
import { parseSeedOptions, seed } from "./seed.js"
import { ProjectsEmulator } from "./service.js"

const fixedClock = () => Date.UTC(2026, 0, 1)
const seeded = (n: number) => {
  const emu = new Emulator("t", fixedClock, 1)
  seed(
    emu,
    parseSeedOptions({ seed: n, portals: 2, projects: 50, clients: 8, clientUsers: 12, customFields: 6 }),
  )
  return emu
}
const dump = (emu: Emulator) => {
  const registry = new EmulatorRegistry({ clock: fixedClock })
  registry.get("x").load(emu.state)
  return registry.exportState()
}

/** The first portal of a seeded emulator, and its owner as an OAuth caller. */
const asOwner = (emu: Emulator) => {
  const portal = [...emu.state.portals.values()][0]
  const owner = portal === undefined ? undefined : portal.members.get(portal.ownerZpuid)
  if (portal === undefined || owner === undefined) throw new Error("no portal")
  const token = emu.issueToken({ email: owner.email }, "").access_token
  return { portal, caller: emu.authenticate({ authorization: `Zoho-oauthtoken ${token}` }) }
}

describe("Emulator", () => {
  it("seeds the same state from the same options, and another from another seed", () => {
    expect(dump(seeded(7))).toBe(dump(seeded(7)))
    expect(dump(seeded(7))).not.toBe(dump(seeded(8)))
  })

  it("keeps a state file round trip identical", () => {
    const registry = new EmulatorRegistry({ clock: fixedClock })
    registry.get("a").load(seeded(3).state)
    const json = registry.exportState()
    const copy = new EmulatorRegistry({ clock: fixedClock })
    copy.importState(json)
    expect(copy.exportState()).toBe(json)
    expect(copy.get("a").state.nextId).toBe(registry.get("a").state.nextId)
  })

  it("validates a whole project before writing any of it", () => {
    const emu = seeded(1)
    const { portal, caller } = asOwner(emu)
    const before = portal.projects.size
    expect(() => emu.createProject(caller, portal.id, { name: "Half", clients: [{ id: "1" }] })).toThrow(
      expect.objectContaining({ field: "clients" }),
    )
    expect(portal.projects.size).toBe(before)
    expect(portal.projectNames.has("half")).toBe(false)
  })

  it("pages any list exactly once, in any page size and sort", () => {
    const emu = seeded(11)
    const { portal, caller } = asOwner(emu)
    const expected = [...portal.projects.keys()].sort()
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 1, max: 60 }),
        FastCheck.constantFrom("created_time", "last_modified_time", "name"),
        FastCheck.constantFrom("asc", "desc"),
        (perPage, column, order) => {
          const seen: string[] = []
          for (let page = 1; ; page++) {
            const items = emu.listProjects(caller, portal.id, {
              status: "all",
              per_page: String(perPage),
              page: String(page),
              sort: `${column}:${order}`,
            })
            seen.push(...items.map((p) => String(p.id)))
            if (items.length < perPage) break
          }
          expect([...seen].sort()).toEqual(expected)
        },
      ),
      { numRuns: 40 },
    )
  })

  it.effect("expires access tokens on Effect's clock through the layer", () =>
    Effect.gen(function* () {
      const registry = yield* ProjectsEmulator
      const emu = registry.get()
      const account = emu.ensureAccount("ana@zylker.test", "Ana", "Ruiz")
      emu.createPortalFor(account, "zylker")
      const token = emu.issueToken({ email: account.email }, "").access_token as string
      const creds = { authorization: `Zoho-oauthtoken ${token}` }
      expect(emu.listPortals(emu.authenticate(creds))).toHaveLength(1)
      yield* TestClock.adjust("3600 seconds")
      expect(() => emu.authenticate(creds)).toThrow(/expired/)
    }).pipe(Effect.provide(ProjectsEmulator.layer())),
  )
})
