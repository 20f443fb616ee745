/**
 * The administrators' lists behind the console's Audit log and Outbox pages: filters by action,
 * person and date, and words searched, each combined with the others and paged.
 */
import type { MockProjectsHandle } from "@app/mock-projects"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  organizationWithClients,
  type SessionClient,
  startIntegrationTestApi,
  type TestApi,
} from "./api-harness.js"

const OWNER = "owner@projects.demo.test"
let mock: MockProjectsHandle
let api: TestApi
let drain: () => Promise<void>
let close: () => Promise<void>
let admin: SessionClient
let standard: SessionClient
let adminId: string
let adminEmail: string

interface AuditPage {
  items: Array<{ action: string; actor: { userId: string | null; name: string; background: boolean } }>
  nextCursor: string | null
}
interface OutboxPage {
  items: Array<{ subject: string; recipients: Array<string>; status: string }>
  nextCursor: string | null
}

beforeAll(async () => {
  ;({ api, mock, drain, close } = await startIntegrationTestApi())
  const clients = await organizationWithClients(api)
  admin = clients.admin
  standard = clients.standard
  adminId = clients.org.admin.id
  adminEmail = clients.org.admin.email
  await admin.post("integration/enable")
  const key = (await mock.control.keys(OWNER)).key ?? ""
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  await admin.request("PUT", "integration/portal", { portalId, email: OWNER, key })
  await drain()
  await admin.post("integration/client-mapping/auto")
  await drain()
})
afterAll(() => close?.())

const audit = async (query: string) => {
  const response = await admin.get(`integration/audit?${query}`)
  expect(response.status).toBe(200)
  return response.body as AuditPage
}

describe("audit log filters", () => {
  it("filters by action and says who acted by name", async () => {
    const associated = await audit("action=integration.portal_associated")
    expect(associated.items.map((entry) => entry.action)).toEqual(["integration.portal_associated"])
    expect(associated.items[0]?.actor).toMatchObject({ userId: adminId, background: false })
    expect(associated.items[0]?.actor.name).not.toContain("<")
  })

  it("filters by person and by date, a bare end day included whole", async () => {
    const all = await audit("limit=200")
    const mine = await audit(`actor=${adminId}&limit=200`)
    expect(mine.items.length).toBeGreaterThan(0)
    expect(mine.items.every((entry) => entry.actor.userId === adminId)).toBe(true)
    const today = new Date().toISOString().slice(0, 10)
    expect((await audit(`from=${today}&to=${today}&limit=200`)).items.length).toBe(all.items.length)
    expect((await audit("to=2000-01-01")).items).toEqual([])
  })

  it("searches the words of what changed, wildcards taken literally, and pages the result", async () => {
    const portalName = (await mock.control.state()).portals[0]?.name ?? ""
    const found = await audit(`search=${encodeURIComponent(portalName)}&limit=200`)
    expect(found.items.map((entry) => entry.action)).toContain("integration.portal_associated")
    expect((await audit("search=%25")).items).toEqual([])
    const first = await audit("limit=1")
    expect(first.nextCursor).not.toBeNull()
    const second = await audit(`limit=1&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)
    expect(second.items[0]).not.toEqual(first.items[0])
  })

  it("refuses a malformed filter naming it, and the list to a non-administrator", async () => {
    const bad = await admin.get("integration/audit?from=yesterday&actor=someone")
    expect(bad.status).toBe(400)
    const fields = [
      ...new Set((bad.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)),
    ].sort()
    expect(fields).toEqual(["actor", "from"])
    expect((await standard.get("integration/audit")).status).toBe(403)
  })
})

describe("outbox filters", () => {
  it("finds the client-mapping report by recipient, status, words and date, and nothing outside them", async () => {
    const all = (await admin.get("outbox")).body as OutboxPage
    expect(all.items.length).toBeGreaterThan(0)
    const report = all.items[0]
    const byRecipient = (await admin.get(`outbox?recipient=${encodeURIComponent(adminEmail.toUpperCase())}`))
      .body as OutboxPage
    expect(byRecipient.items.length).toBeGreaterThan(0)
    expect(byRecipient.items.every((m) => m.recipients.includes(adminEmail))).toBe(true)
    expect(((await admin.get("outbox?recipient=nobody%40example.test")).body as OutboxPage).items).toEqual([])
    const word = report?.subject.split(/\s+/).find((w) => w.length > 3) ?? ""
    const bySearch = (await admin.get(`outbox?search=${encodeURIComponent(word)}`)).body as OutboxPage
    expect(bySearch.items.map((m) => m.subject)).toContain(report?.subject)
    const byStatus = (await admin.get(`outbox?status=${report?.status}`)).body as OutboxPage
    expect(byStatus.items.every((m) => m.status === report?.status)).toBe(true)
    expect(((await admin.get("outbox?to=2000-01-01")).body as OutboxPage).items).toEqual([])
    expect((await admin.get("outbox?status=lost")).status).toBe(400)
  })
})
