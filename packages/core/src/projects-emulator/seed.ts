/**
 * Deterministic seeding (control API `POST /__mock/seed`, CLI `--seed`): the same options give the same
 * portals, ids, names and values, because every choice comes from one PRNG seeded with `seed` and ids
 * from the namespace counters. The demo seed is in seed-demo.ts.
 */

import { decodeInput, SeedInput } from "./control-api.js"
import type { Emulator } from "./emulator.js"
import { makePrng, pick } from "./prng.js"
import { DAY, FIRST, LAST, SEED_EPOCH } from "./seed-data.js"
import { demoSeed } from "./seed-demo.js"
import { populate } from "./seed-populate.js"

export interface SeedOptions {
  seed: number
  portals: number
  users: number
  clients: number
  clientUsers: number
  projects: number
  customFields: number
  /** Tasks and issues of each generated portal, spread over its projects. */
  tasks: number
  issues: number
  demo: boolean
}

export const parseSeedOptions = (body: unknown): SeedOptions => {
  const input = decodeInput(SeedInput)(body)
  const demo = input.demo ?? false
  return {
    seed: input.seed ?? 1,
    portals: input.portals ?? 1,
    users: input.users ?? 5,
    clients: input.clients ?? (demo ? 0 : 5),
    clientUsers: input.clientUsers ?? (demo ? 0 : 10),
    projects: input.projects ?? (demo ? 0 : 20),
    customFields: input.customFields ?? (demo ? 0 : 4),
    tasks: input.tasks ?? 0,
    issues: input.issues ?? 0,
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
        tasks: opts.tasks,
        issues: opts.issues,
        domain: `portal${n}.projects.test`,
      })
      emu.getKey(owner.email)
    }
  })
}
