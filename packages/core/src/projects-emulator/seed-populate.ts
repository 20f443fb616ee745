/**
 * Generated portal content for `POST /__mock/seed` and the CLI: users, clients, client users, groups,
 * custom fields and projects, every choice drawn from the seed's PRNG.
 */
import type { Emulator } from "./emulator.js"
import type { Client, CustomValue, FieldDef, Member, Portal, Project, ProjectType } from "./model.js"
import type { Prng } from "./prng.js"
import { nextFloat, nextInt, pick } from "./prng.js"
import {
  ADJ,
  COMPANY_A,
  COMPANY_B,
  DAY,
  dateOf,
  FIELD_CYCLE,
  FIRST,
  LAST,
  NOUN,
  PICK_VALUES,
  ROLE_CYCLE,
  SEED_EPOCH,
  slug,
} from "./seed-data.js"
import { seedWork } from "./seed-work.js"

export const fieldsFor = (emu: Emulator, portal: Portal, count: number, layoutIds: string[]): FieldDef[] => {
  const out: FieldDef[] = []
  const base = portal.fields.length
  for (let i = 0; i < count; i++) {
    const [label, type] = FIELD_CYCLE[i % FIELD_CYCLE.length] ?? ["Field", "text"]
    const cycle = Math.floor(i / FIELD_CYCLE.length)
    const values = PICK_VALUES[type]
    const number = portal.fields.filter((f) => f.isCustom).length + out.length + 1
    out.push({
      id: emu.newId(),
      name: cycle === 0 ? label : `${label} ${cycle + 1}`,
      apiName: `projects_cf_${String(number).padStart(4, "0")}`,
      fieldType: type,
      isCustom: true,
      isMandatory: false,
      sequence: base + out.length + 1,
      ...(type === "text" ? { maxLength: 255 } : {}),
      ...(values === undefined
        ? {}
        : { pickListValues: values.map((value, j) => ({ id: emu.newId(), value, sequence: j + 1 })) }),
      layoutIds: [...layoutIds],
    })
  }
  portal.fields.push(...out)
  for (const l of portal.layouts)
    for (const f of out) if (f.layoutIds.includes(l.id)) l.sections[0]?.fields.push(f.apiName)
  return out
}

const randomValue = (rng: Prng, f: FieldDef, staff: Member[], created: number): CustomValue => {
  const values = f.pickListValues?.map((v) => v.value) ?? []
  switch (f.fieldType) {
    case "picklist":
      return pick(rng, values)
    case "multi_select":
      return values.filter(() => nextFloat(rng) < 0.4)
    case "currency":
    case "decimal":
      return Math.round(nextFloat(rng) * 10_000_000) / 100
    case "number":
      return nextInt(rng, 500)
    case "percent":
      return nextInt(rng, 101)
    case "date":
      return dateOf(created + nextInt(rng, 365) * DAY)
    case "datetime":
      return new Date(created + nextInt(rng, 365 * 24) * 3_600_000).toISOString()
    case "boolean":
      return nextFloat(rng) < 0.5
    case "user_picklist":
      return pick(rng, staff).zpuid
    case "multi_user_picklist":
      return [pick(rng, staff).zpuid]
    case "url":
      return `https://docs.example.test/contracts/${nextInt(rng, 100_000)}`
    case "email":
      return `billing${nextInt(rng, 1000)}@example.test`
    case "phone":
      return `+1 555 ${String(nextInt(rng, 10_000)).padStart(4, "0")}`
    case "text":
      return `REF-${nextInt(rng, 1_000_000)}`
    case "multiline":
      return `Seeded note ${nextInt(rng, 1000)}`
  }
}

export interface Population {
  users: number
  clients: number
  clientUsers: number
  projects: number
  customFields: number
  /** Spread over the portal's projects, after they are all made. */
  tasks?: number
  issues?: number
  domain: string
}

/** Adds users, clients, client users, groups, custom fields and projects to a portal. */
export const populate = (emu: Emulator, rng: Prng, portal: Portal, pop: Population): void => {
  const layoutId = portal.layouts[0]?.id ?? ""
  const custom = fieldsFor(emu, portal, pop.customFields, [layoutId])
  const owner = portal.members.get(portal.ownerZpuid)
  const staff: Member[] = owner === undefined ? [] : [owner]
  for (let i = 0; i < pop.users; i++) {
    const first = FIRST[i % FIRST.length] ?? "User"
    const last = LAST[(i * 7 + 3) % LAST.length] ?? "Seed"
    const email = `${slug(first)}.${slug(last)}${i + 1}@${pop.domain}`
    const account = emu.ensureAccount(email, first, last)
    const existing = emu.memberByZuid(portal, account.zuid)
    if (existing !== undefined) continue
    staff.push(
      emu.addMember(
        portal,
        account,
        ROLE_CYCLE[i % ROLE_CYCLE.length] ?? "Employee",
        SEED_EPOCH + i * 60_000,
      ),
    )
  }
  const groups = ["Key accounts", "Internal", "Partners"].map((name, i) => {
    const g = { id: emu.newId(), name, createdTime: SEED_EPOCH + i * 1000 }
    portal.groups.set(g.id, g)
    return g
  })
  const clients: Client[] = []
  const clientNames = new Set<string>([...portal.clients.values()].map((c) => c.name.toLowerCase()))
  for (let i = 0; i < pop.clients; i++) {
    let name = `${pick(rng, COMPANY_A)} ${pick(rng, COMPANY_B)}`
    if (clientNames.has(name.toLowerCase())) name = `${name} ${i + 1}`
    clientNames.add(name.toLowerCase())
    const t = SEED_EPOCH + i * 1000
    const c: Client = {
      id: emu.newId(),
      name,
      email: `info@${slug(name)}.test`,
      website: `https://${slug(name)}.test`,
      country: pick(rng, ["USA", "France", "Germany", "Japan", "Brazil"]),
      currencyCode: pick(rng, ["USD", "EUR", "JPY"]),
      projectsCount: 0,
      contactsCount: 0,
      createdTime: t,
      modifiedTime: t,
    }
    portal.clients.set(c.id, c)
    clients.push(c)
  }
  const clientUsers = new Map<string, Member[]>()
  for (let i = 0; i < pop.clientUsers && clients.length > 0; i++) {
    const c = clients[i % clients.length] as Client
    const first = pick(rng, FIRST)
    const last = pick(rng, LAST)
    const email = `${slug(first)}.${slug(last)}.${i + 1}@${slug(c.name)}.test`
    const m = emu.addMember(
      portal,
      emu.ensureAccount(email, first, last),
      "Client",
      SEED_EPOCH + i * 1000,
      c.id,
    )
    const list = clientUsers.get(c.id)
    if (list === undefined) clientUsers.set(c.id, [m])
    else list.push(m)
  }
  const span = 300 * DAY
  const step = pop.projects > 0 ? Math.max(1, Math.floor(span / pop.projects)) : 0
  const closedStatuses = portal.statuses.filter((s) => s.isClosed)
  const openStatuses = portal.statuses.filter((s) => !s.isClosed)
  for (let i = 0; i < pop.projects; i++) {
    const created = SEED_EPOCH + DAY + i * step
    const ownerM = pick(rng, staff)
    const roll = nextFloat(rng)
    const type: ProjectType = roll < 0.9 ? "active" : roll < 0.98 ? "archived" : "template"
    const members = [ownerM.zpuid]
    const extra = nextInt(rng, 3)
    for (let k = 0; k < extra; k++) {
      const m = pick(rng, staff)
      if (!members.includes(m.zpuid)) members.push(m.zpuid)
    }
    const clientIds: string[] = []
    if (clients.length > 0 && nextFloat(rng) < 0.6) {
      const c = pick(rng, clients)
      clientIds.push(c.id)
      const cu = clientUsers.get(c.id)
      if (cu !== undefined && cu.length > 0) members.push(pick(rng, cu).zpuid)
    }
    const values: Record<string, CustomValue> = {}
    for (const f of custom) if (nextFloat(rng) < 0.7) values[f.apiName] = randomValue(rng, f, staff, created)
    const start = created + nextInt(rng, 30) * DAY
    const status =
      type === "active" && nextFloat(rng) < 0.15 ? pick(rng, closedStatuses) : pick(rng, openStatuses)
    const p: Project = {
      id: emu.newId(),
      key: `${portal.keyPrefix}-${++portal.projectCounter}`,
      name: `${pick(rng, ADJ)} ${pick(rng, NOUN)} ${i + 1}`,
      description: `<div>Seeded project ${i + 1}</div>`,
      projectType: type,
      statusId: status?.id ?? "",
      owner: ownerM.zpuid,
      createdBy: ownerM.zpuid,
      updatedBy: ownerM.zpuid,
      startDate: dateOf(start),
      endDate: dateOf(start + (30 + nextInt(rng, 200)) * DAY),
      createdTime: created,
      modifiedTime: created + nextInt(rng, 60) * DAY,
      isPublic: nextFloat(rng) < 0.2,
      isStrict: false,
      layoutId,
      clientIds,
      members,
      custom: values,
      percentComplete: nextInt(rng, 101),
      openTasks: nextInt(rng, 30),
      closedTasks: nextInt(rng, 30),
    }
    const g = nextFloat(rng) < 0.3 ? pick(rng, groups) : undefined
    if (g !== undefined) p.groupId = g.id
    emu.insertProject(portal, p)
  }
  const tasks = pop.tasks ?? 0
  const issues = pop.issues ?? 0
  const n = portal.projectOrder.length
  if (n === 0 || (tasks === 0 && issues === 0)) return
  portal.projectOrder.forEach((p, k) => {
    const share = (total: number) => Math.floor(total / n) + (k < total % n ? 1 : 0)
    seedWork(emu, rng, portal, p, { tasks: share(tasks), issues: share(issues) }, p.createdTime + DAY)
  })
}
