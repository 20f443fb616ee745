/** The demo portal `pnpm start` loads: people, clients and projects named to match the CRM demo accounts. */
import type { Emulator } from "./emulator.js"
import type { Client, CustomValue, FieldDef, Member, Project, ProjectType, RoleName } from "./model.js"
import type { Prng } from "./prng.js"
import { DAY, dateOf, SEED_EPOCH } from "./seed-data.js"
import { fieldsFor, populate } from "./seed-populate.js"
import { seedWork } from "./seed-work.js"

/** The demo seed `pnpm start` loads: names chosen to match the CRM demo accounts. */
export const demoSeed = (emu: Emulator, rng: Prng, extraProjects: number): void => {
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
  const made: Project[] = []
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
    made.push(p)
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
  made.forEach((p, i) => {
    seedWork(emu, rng, portal, p, { tasks: 4 + (i % 4), issues: 1 + (i % 3) }, p.createdTime + 5 * DAY)
  })
  for (const email of [owner.email, "admin@projects.demo.test"]) emu.getKey(email)
}
