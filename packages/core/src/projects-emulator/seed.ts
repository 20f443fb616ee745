/**
 * Deterministic seeding (control API `POST /__mock/seed`, CLI `--seed`): the same options give the same
 * portals, ids, names and values, because every choice comes from one PRNG seeded with `seed` and ids
 * from the namespace counters. The demo seed is in seed-demo.ts.
 */
import type { Emulator } from "./emulator.js"
import { invalidValue } from "./errors.js"
import { makePrng, pick } from "./prng.js"
import { DAY, FIRST, LAST, SEED_EPOCH } from "./seed-data.js"
import { demoSeed } from "./seed-demo.js"
import { populate } from "./seed-populate.js"
import type { Body } from "./validation.js"

export interface SeedOptions {
  seed: number
  portals: number
  users: number
  clients: number
  clientUsers: number
  projects: number
  customFields: number
  demo: boolean
}

const intOpt = (b: Body, field: string, dflt: number, max: number): number => {
  const v = b[field]
  if (v === undefined || v === null) return dflt
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max)
    throw invalidValue(field, `${field} must be an integer between 0 and ${max}`)
  return v
}

export const parseSeedOptions = (b: Body): SeedOptions => {
  const demo = b.demo === true
  if (b.demo !== undefined && typeof b.demo !== "boolean")
    throw invalidValue("demo", "demo must be a boolean")
  return {
    seed: intOpt(b, "seed", 1, 2 ** 32 - 1),
    portals: intOpt(b, "portals", 1, 100),
    users: intOpt(b, "users", 5, 100_000),
    clients: intOpt(b, "clients", demo ? 0 : 5, 1_000_000),
    clientUsers: intOpt(b, "clientUsers", demo ? 0 : 10, 1_000_000),
    projects: intOpt(b, "projects", demo ? 0 : 20, 2_000_000),
    customFields: intOpt(b, "customFields", demo ? 0 : 4, 200),
    demo,
  }
}

/** Replaces the namespace's state with seeded data; returns the summary of what was made. */
export const seed = (emu: Emulator, opts: SeedOptions): void => {
  emu.reset(opts.seed)
  const rng = makePrng(opts.seed ^ 0x9e3779b9)
  emu.withoutChangeLog(() => {
    if (opts.demo) {
      demoSeed(emu, rng, opts.projects)
      return
    }
    for (let k = 0; k < opts.portals; k++) {
      const n = k + 1
      const owner = emu.ensureAccount(`owner${n}@portal${n}.projects.test`, pick(rng, FIRST), pick(rng, LAST))
      const portal = emu.createPortalFor(owner, `portal-${n}`, `Seeded Org ${n}`, SEED_EPOCH + k * DAY)
      populate(emu, rng, portal, {
        users: opts.users,
        clients: opts.clients,
        clientUsers: opts.clientUsers,
        projects: opts.projects,
        customFields: opts.customFields,
        domain: `portal${n}.projects.test`,
      })
      emu.getKey(owner.email)
    }
  })
}
