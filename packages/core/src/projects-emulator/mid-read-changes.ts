/**
 * The `portal_changes` fault: each matching request first creates and deletes objects of the portal it
 * names, as people working in the portal would while a sync pages through it. Lists are positional, so
 * a deletion shifts later objects onto pages already read: the fault that pins the sync's paging.
 * Which objects go is drawn from the namespace's fault PRNG (same `seed`, same changes).
 */
import type { Emulator } from "./emulator.js"
import { invalidValue } from "./errors.js"
import type { Fault, Portal, PortalChanges, PortalChangesEntity } from "./model.js"
import { hex, nextInt } from "./prng.js"
import type { Caller } from "./state.js"
import type { Body } from "./validation.js"

export const PORTAL_CHANGES_ENTITIES: ReadonlyArray<PortalChangesEntity> = [
  "projects",
  "clients",
  "users",
  "client_users",
]

/** The list each entity is read through: the fault applies between reads of its pages by default. */
const LIST_PATHS: Record<PortalChangesEntity, string> = {
  projects: "/api/v3/portal/*/projects",
  clients: "/api/v3/portal/*/clients",
  users: "/api/v3/portal/*/users",
  client_users: "/api/v3/portal/*/users",
}

const MAX_CHANGES = 1_000

/** Validates the fault's own fields (`entity`, `inserts`, `deletes`); nothing is written on failure. */
export const parsePortalChanges = (b: Body): { changes: PortalChanges; defaultPath: string } => {
  const entity = b.entity === undefined ? "projects" : b.entity
  if (typeof entity !== "string" || !PORTAL_CHANGES_ENTITIES.includes(entity as PortalChangesEntity))
    throw invalidValue("entity", `entity must be one of ${PORTAL_CHANGES_ENTITIES.join(", ")}`)
  const count = (field: "inserts" | "deletes") => {
    const v = b[field]
    if (v === undefined) return 0
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > MAX_CHANGES)
      throw invalidValue(field, `${field} must be an integer between 0 and ${MAX_CHANGES}`)
    return v
  }
  const inserts = count("inserts")
  const deletes = count("deletes")
  if (inserts + deletes === 0) throw invalidValue("inserts", "inserts or deletes must be at least 1")
  const kind = entity as PortalChangesEntity
  return { changes: { entity: kind, inserts, deletes }, defaultPath: LIST_PATHS[kind] }
}

/** The portal owner, acting with every scope: the changes pass the same validation as any request. */
const ownerOf = (portal: Portal): Caller | undefined => {
  const owner = portal.members.get(portal.ownerZpuid)
  return owner === undefined ? undefined : { zuid: owner.zuid, email: owner.email, via: "oauth" }
}

/** Applies one hit of a `portal_changes` fault to the portal of the request (none: nothing happens). */
export const applyPortalChanges = (emu: Emulator, fault: Fault, portalId: string | undefined): void => {
  const changes = fault.changes
  const portal = portalId === undefined ? undefined : emu.state.portals.get(portalId)
  if (changes === undefined || portal === undefined) return
  const caller = ownerOf(portal)
  if (caller === undefined) return
  const prng = emu.state.faultPrng
  const drawn = <A>(items: A[], n: number): A[] => {
    const out: A[] = []
    for (let i = 0; i < n && items.length > 0; i++) out.push(...items.splice(nextInt(prng, items.length), 1))
    return out
  }
  const label = () => `mid-read ${hex(prng, 10)}`
  switch (changes.entity) {
    case "projects": {
      for (const p of drawn([...portal.projectOrder], changes.deletes))
        emu.trashProject(caller, portal.id, p.id)
      for (let i = 0; i < changes.inserts; i++) emu.createProject(caller, portal.id, { name: label() })
      return
    }
    case "clients": {
      // A client with projects cannot be deleted (409 in the portal too): only free ones go.
      const free = [...portal.clients.values()].filter((c) => c.projectsCount === 0)
      for (const c of drawn(free, changes.deletes)) emu.deleteClient(caller, portal.id, c.id)
      for (let i = 0; i < changes.inserts; i++) emu.createClient(caller, portal.id, { name: label() })
      return
    }
    case "users": {
      const staff = [...portal.members.values()].filter(
        (m) => m.role !== "Client" && m.zpuid !== portal.ownerZpuid,
      )
      for (const m of drawn(staff, changes.deletes)) emu.removeUser(caller, portal.id, m.zpuid)
      for (let i = 0; i < changes.inserts; i++)
        emu.addUser(caller, portal.id, { email: `${label().replace(" ", ".")}@changes.test` })
      return
    }
    case "client_users": {
      const clientUsers = [...portal.members.values()].filter((m) => m.clientId !== undefined)
      for (const m of drawn(clientUsers, changes.deletes))
        emu.removeClientUser(caller, portal.id, m.clientId ?? "", m.zpuid)
      const clients = [...portal.clients.keys()]
      for (let i = 0; i < changes.inserts && clients.length > 0; i++) {
        const clientId = clients[nextInt(prng, clients.length)] ?? ""
        emu.addClientUser(caller, portal.id, clientId, { email: `${label().replace(" ", ".")}@changes.test` })
      }
      return
    }
  }
}
