/**
 * Deterministic seeding (control API `POST /__mock/seed`, CLI `--seed`): the same options give the same
 * portals, ids, names and values, because every choice comes from one PRNG seeded with `seed` and ids
 * from the namespace counters. Also the demo seed that `pnpm start` loads.
 */
import type { Emulator } from "./emulator.js"
import { invalidValue } from "./errors.js"
import type {
  Client,
  CustomValue,
  FieldDef,
  FieldType,
  Member,
  Portal,
  Project,
  ProjectType,
  RoleName,
} from "./model.js"
import type { Prng } from "./prng.js"
import { makePrng, nextFloat, nextInt, pick } from "./prng.js"
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

/** Seeded data lives in 2025, before any mock-clock "now", so later writes sort after it. */
const SEED_EPOCH = Date.UTC(2025, 0, 1)
const DAY = 86_400_000

const FIRST = [
  "Ana",
  "Eric",
  "Zee",
  "Liam",
  "Noah",
  "Emma",
  "Olivia",
  "Mia",
  "Lucas",
  "Sofia",
  "Hugo",
  "Lea",
  "Omar",
  "Yuki",
  "Ines",
  "Raj",
  "Chen",
  "Maya",
  "Ivan",
  "Nora",
]
const LAST = [
  "Ruiz",
  "Nyaga",
  "Ma",
  "Smith",
  "Martin",
  "Rossi",
  "Kim",
  "Dubois",
  "Silva",
  "Novak",
  "Haddad",
  "Sato",
  "Khan",
  "Berg",
  "Costa",
  "Weber",
  "Moreau",
  "Lopez",
  "Nowak",
  "Adams",
]
const COMPANY_A = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Hooli",
  "Vandelay",
  "Soylent",
  "Tyrell",
  "Cyberdyne",
  "Wonka",
  "Aperture",
  "Oscorp",
  "Massive",
  "Blue Sun",
  "Gringotts",
  "Monarch",
  "Nakatomi",
  "Pied Piper",
]
const COMPANY_B = [
  "Corp",
  "Industries",
  "Systems",
  "Labs",
  "Group",
  "Holdings",
  "Partners",
  "Logistics",
  "Foods",
  "Dynamics",
  "Energy",
  "Media",
  "Health",
  "Capital",
  "Works",
]
const ADJ = [
  "Website",
  "Mobile",
  "Cloud",
  "Data",
  "Security",
  "Customer",
  "Billing",
  "Analytics",
  "Warehouse",
  "Payroll",
  "Marketing",
  "Support",
  "Onboarding",
  "Compliance",
  "Network",
]
const NOUN = [
  "redesign",
  "rollout",
  "migration",
  "audit",
  "upgrade",
  "launch",
  "integration",
  "refresh",
  "automation",
  "review",
  "pilot",
  "consolidation",
]
const ROLE_CYCLE: RoleName[] = [
  "Administrator",
  "Manager",
  "Employee",
  "Employee",
  "Contractor",
  "Manager",
  "Employee",
]
const FIELD_CYCLE: Array<[string, FieldType]> = [
  ["Tier", "picklist"],
  ["Contract value", "currency"],
  ["Go-live", "date"],
  ["Account manager", "user_picklist"],
  ["Reference", "text"],
  ["Seats", "number"],
  ["Channels", "multi_select"],
  ["Billable", "boolean"],
  ["Contract URL", "url"],
  ["Billing email", "email"],
  ["Notes", "multiline"],
  ["Probability", "percent"],
  ["Reviewers", "multi_user_picklist"],
  ["Kick-off", "datetime"],
  ["Rate", "decimal"],
  ["Hotline", "phone"],
]
const PICK_VALUES: Record<string, string[]> = {
  picklist: ["Gold", "Silver", "Bronze"],
  multi_select: ["Email", "Phone", "Chat", "Onsite"],
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "")
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

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

const fieldsFor = (emu: Emulator, portal: Portal, count: number, layoutIds: string[]): FieldDef[] => {
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

interface Population {
  users: number
  clients: number
  clientUsers: number
  projects: number
  customFields: number
  domain: string
}

/** Adds users, clients, client users, groups, custom fields and projects to a portal. */
const populate = (emu: Emulator, rng: Prng, portal: Portal, pop: Population): void => {
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
}

/** The demo seed `pnpm start` loads: names chosen to match the CRM demo accounts. */
const demoSeed = (emu: Emulator, rng: Prng, extraProjects: number): void => {
  const owner = emu.ensureAccount("owner@projects.demo.test", "Olivia", "Owner")
  const portal = emu.createPortalFor(owner, "zylker-demo", "Zylker Demo Inc.", SEED_EPOCH)
  const people: Array<[string, string, string, RoleName]> = [
    ["admin@projects.demo.test", "Adam", "Admin", "Administrator"],
    ["manager@projects.demo.test", "Maria", "Manager", "Manager"],
    ["employee@projects.demo.test", "Emil", "Employee", "Employee"],
    ["contractor@projects.demo.test", "Carla", "Contractor", "Contractor"],
  ]
  const byEmail = new Map<string, Member>()
  const ownerMember = portal.members.get(portal.ownerZpuid)
  if (ownerMember !== undefined) byEmail.set(owner.email, ownerMember)
  people.forEach(([email, first, last, role], i) => {
    byEmail.set(
      email,
      emu.addMember(portal, emu.ensureAccount(email, first, last), role, SEED_EPOCH + (i + 1) * 60_000),
    )
  })
  const defaultLayout = portal.layouts[0]
  const internal = {
    id: emu.newId(),
    name: "Internal Layout",
    isDefault: false,
    sections: [{ id: emu.newId(), name: "Project Information", fields: portal.fields.map((f) => f.apiName) }],
  }
  portal.layouts.push(internal)
  const both = [defaultLayout?.id ?? "", internal.id]
  // One custom field of every common type, so a project form can be tried with each.
  const tier = fieldsFor(emu, portal, 11, both)
  const [tierField, valueField, goLiveField, managerField] = tier
  if (tierField !== undefined) tierField.defaultValue = "Silver"
  const costCenter: FieldDef = {
    id: emu.newId(),
    name: "Cost center",
    apiName: `projects_cf_${String(tier.length + 1).padStart(4, "0")}`,
    fieldType: "text",
    isCustom: true,
    isMandatory: false,
    sequence: portal.fields.length + 1,
    maxLength: 255,
    layoutIds: [internal.id],
  }
  portal.fields.push(costCenter)
  internal.sections[0]?.fields.push(costCenter.apiName)
  const groups = ["Key accounts", "Internal"].map((name, i) => {
    const g = { id: emu.newId(), name, createdTime: SEED_EPOCH + i * 1000 }
    portal.groups.set(g.id, g)
    return g
  })
  const companies: Array<[string, string, string, string]> = [
    ["Acme Corp", "acme.test", "USA", "wile.coyote@acme.test"],
    ["Globex", "globex.test", "USA", "hank.scorpio@globex.test"],
    ["Initech", "initech.test", "USA", "peter.gibbons@initech.test"],
    ["Umbrella", "umbrella.test", "UK", "alice.abernathy@umbrella.test"],
    ["Stark Industries", "stark.test", "USA", "pepper.potts@stark.test"],
    ["Wayne Enterprises", "wayne.test", "USA", "lucius.fox@wayne.test"],
  ]
  const clients = new Map<string, { client: Client; contact: Member }>()
  companies.forEach(([name, domain, country, contact], i) => {
    const t = SEED_EPOCH + DAY + i * 3_600_000
    const client: Client = {
      id: emu.newId(),
      name,
      email: `info@${domain}`,
      phone: `+1 555 01${String(i).padStart(2, "0")}`,
      website: `https://${domain}`,
      country,
      currencyCode: "USD",
      projectsCount: 0,
      contactsCount: 0,
      createdTime: t,
      modifiedTime: t,
    }
    portal.clients.set(client.id, client)
    const [first = "", last = ""] = (contact.split("@")[0] ?? "").split(".")
    const cap = (s: string) => (s[0] ?? "").toUpperCase() + s.slice(1)
    const m = emu.addMember(portal, emu.ensureAccount(contact, cap(first), cap(last)), "Client", t, client.id)
    clients.set(name, { client, contact: m })
  })
  const staff = (email: string) => byEmail.get(email)?.zpuid ?? portal.ownerZpuid
  const projects: Array<[string, string | undefined, string, ProjectType, string, string]> = [
    ["Website redesign", "Acme Corp", "manager@projects.demo.test", "active", "Gold", "In Progress"],
    ["Mobile app", "Acme Corp", "employee@projects.demo.test", "active", "Silver", "Active"],
    ["CRM rollout", "Globex", "manager@projects.demo.test", "active", "Gold", "Active"],
    ["Data migration", "Initech", "admin@projects.demo.test", "active", "Bronze", "On Hold"],
    ["Support portal", "Initech", "contractor@projects.demo.test", "active", "Silver", "In Progress"],
    ["Security audit", "Umbrella", "owner@projects.demo.test", "active", "Gold", "Completed"],
    ["Intranet refresh", undefined, "employee@projects.demo.test", "active", "Bronze", "Active"],
    ["Warehouse automation", "Globex", "manager@projects.demo.test", "archived", "Silver", "Completed"],
    ["Onboarding template", undefined, "admin@projects.demo.test", "template", "Silver", "Active"],
    ["Marketing site", undefined, "owner@projects.demo.test", "active", "Silver", "Active"],
  ]
  projects.forEach(([name, clientName, ownerEmail, type, tierValue, statusName], i) => {
    const created = SEED_EPOCH + 10 * DAY + i * DAY
    const ownerZ = staff(ownerEmail)
    const linked = clientName === undefined ? undefined : clients.get(clientName)
    const members = [ownerZ]
    if (ownerZ !== staff("manager@projects.demo.test")) members.push(staff("manager@projects.demo.test"))
    if (linked !== undefined) members.push(linked.contact.zpuid)
    const custom: Record<string, CustomValue> = {}
    if (tierField !== undefined) custom[tierField.apiName] = tierValue
    if (valueField !== undefined) custom[valueField.apiName] = 10_000 * (i + 1)
    if (goLiveField !== undefined) custom[goLiveField.apiName] = dateOf(created + 120 * DAY)
    if (managerField !== undefined) custom[managerField.apiName] = staff("manager@projects.demo.test")
    const p: Project = {
      id: emu.newId(),
      key: `${portal.keyPrefix}-${++portal.projectCounter}`,
      name,
      description: `<div>${name} for ${clientName ?? "Zylker"}</div>`,
      projectType: type,
      statusId: portal.statuses.find((s) => s.name === statusName)?.id ?? "",
      owner: ownerZ,
      createdBy: portal.ownerZpuid,
      updatedBy: ownerZ,
      startDate: dateOf(created + 5 * DAY),
      endDate: dateOf(created + 150 * DAY),
      createdTime: created,
      modifiedTime: created + 2 * DAY,
      isPublic: clientName === undefined,
      isStrict: false,
      layoutId: defaultLayout?.id ?? "",
      clientIds: linked === undefined ? [] : [linked.client.id],
      members,
      custom,
      percentComplete: (i * 17) % 100,
      openTasks: 3 + i,
      closedTasks: 2 * i,
      ...(clientName === undefined ? { groupId: groups[1]?.id ?? "" } : { groupId: groups[0]?.id ?? "" }),
    }
    emu.insertProject(portal, p)
  })
  if (extraProjects > 0)
    populate(emu, rng, portal, {
      users: 0,
      clients: 0,
      clientUsers: 0,
      projects: extraProjects,
      customFields: 0,
      domain: "projects.demo.test",
    })
  for (const email of [owner.email, "admin@projects.demo.test"]) emu.getKey(email)
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
