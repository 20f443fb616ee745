import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { demoEmulator, demoPortal, signIn } from "../../test/emulator.js"
import * as Wire from "../projects-client/model.js"

/** Decodes with the client's Schema and refuses any field the Schema does not define. */
const strict =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (view: unknown) =>
    Schema.decodeUnknownSync(schema, { onExcessProperty: "error" })(view)

describe("views are the client's wire format", () => {
  it("renders every entity with only fields the client's Schemas define", () => {
    const emu = demoEmulator({ projects: 20 })
    const portal = demoPortal(emu)
    const owner = signIn(emu, "owner")
    const list = <A>(value: unknown, key: string) => (value as Record<string, A[]>)[key] ?? []
    for (const p of emu.listPortals(owner)) strict(Wire.Portal)(p)
    for (const p of emu.listProjects(owner, portal.id, { status: "all", per_page: "200" }))
      expect(strict(Wire.ProjectFromWire)(p).custom_fields).toBeDefined()
    for (const u of list(emu.listUsers(owner, portal.id, { type: "0" }), "users")) strict(Wire.PortalUser)(u)
    for (const c of list(emu.listClients(owner, portal.id, {}), "clients")) strict(Wire.Client)(c)
    for (const f of list(emu.fields(owner, portal.id, "projects"), "fields")) strict(Wire.ProjectField)(f)
    for (const l of list(emu.layouts(owner, portal.id), "layouts")) strict(Wire.ProjectLayout)(l)
    for (const s of list(emu.statuses(owner, portal.id), "statuses")) strict(Wire.ProjectStatus)(s)
    for (const r of list(emu.roles(owner, portal.id, "roles"), "roles")) strict(Wire.RoleInfo)(r)
    for (const g of list(emu.listGroups(owner, portal.id, {}), "groups")) strict(Wire.ProjectGroup)(g)
    const { groups: _, ...group } = emu.getGroup(owner, portal.id, String([...portal.groups.keys()][0]))
    strict(Wire.ProjectGroup)(group)
    const hook = emu.createWebhook(owner, portal.id, { url: "https://crm.test/hook" })
    const { webhooks: __, ...created } = hook
    expect(strict(Wire.Webhook)(created).secret).toBeDefined()
  })
})
