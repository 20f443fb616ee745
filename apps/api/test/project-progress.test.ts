/**
 * A project's progress in the CRM: the Projects tab lists each project's open tasks and issues and its
 * milestones as of the last sync; the project page reads them live from the portal (read-only) and
 * brings the copy up to date. Against the mock Projects server over HTTP.
 */
import type { MockProjectsHandle } from "@app/mock-projects"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { organizationWithClients, startIntegrationTestApi, type TestApi } from "./api-harness.js"

const OWNER = "owner@projects.demo.test"
let mock: MockProjectsHandle
let api: TestApi
let drain: () => Promise<void>
let close: () => Promise<void>

beforeAll(async () => {
  ;({ api, mock, drain, close } = await startIntegrationTestApi())
})
afterAll(() => close?.())

type Count = { open: number; closed: number } | null
type Work = { tasks: Count; issues: Count; milestones: Count }
type Listed = { id: string; projectsId: string; name: string; work: Work }
type Progress = {
  work: Work
  milestones: Array<{ id: string; name: string; status: string | null; completed: boolean }>
}

const associated = async () => {
  const { admin, standard } = await organizationWithClients(api)
  await admin.post("integration/enable")
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const key = (await mock.control.keys(OWNER)).key ?? ""
  expect((await admin.request("PUT", "integration/portal", { portalId, email: OWNER, key })).status).toBe(200)
  await drain()
  return { admin, standard, portalId }
}

/** The portal's own answer, as a client of the Projects API reads it. */
const portalCall = async (portalId: string, method: string, path: string, body?: unknown) => {
  const { access_token } = await mock.control.tokens(OWNER)
  const response = await fetch(`${mock.url}/api/v3/portal/${portalId}/${path}`, {
    method,
    headers: { authorization: `Zoho-oauthtoken ${access_token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(response.status).toBeLessThan(300)
  return (await response.json()) as Record<string, unknown>
}

describe("a project's progress", () => {
  it("lists each project's open tasks, issues and milestones as the portal counts them", async () => {
    const { admin, portalId } = await associated()
    const items = ((await admin.get("projects?limit=200")).body as { items: Listed[] }).items
    expect(items.length).toBeGreaterThan(0)
    for (const project of items) {
      const portal = await portalCall(portalId, "GET", `projects/${project.projectsId}`)
      const counts = (key: string) => portal[key] as { open_count: number; closed_count: number }
      expect(project.work, project.name).toEqual({
        tasks: { open: counts("tasks").open_count, closed: counts("tasks").closed_count },
        issues: { open: counts("issues").open_count, closed: counts("issues").closed_count },
        milestones: { open: counts("milestones").open_count, closed: counts("milestones").closed_count },
      })
    }
    // The demo portal has work: a list of zeros everywhere would not show the counts are read.
    expect(items.some((p) => (p.work.tasks?.open ?? 0) > 0)).toBe(true)
    expect(items.some((p) => (p.work.issues?.open ?? 0) > 0)).toBe(true)
  })

  it("reads a project's milestones and counts live, and the Projects tab catches up", async () => {
    const { admin, portalId } = await associated()
    const items = ((await admin.get("projects?limit=200")).body as { items: Listed[] }).items
    const project = items.find((p) => (p.work.milestones?.open ?? 0) + (p.work.milestones?.closed ?? 0) > 0)
    if (project === undefined) throw new Error("no project with a milestone in the demo portal")

    const first = await admin.get(`projects/${project.id}/progress`)
    expect(first.status).toBe(200)
    const portalMilestones = (await portalCall(portalId, "GET", `projects/${project.projectsId}/phases`))
      .milestones as Array<{ id: string; name: string; status: string }>
    expect((first.body as Progress).milestones).toEqual(
      portalMilestones.map((m) => expect.objectContaining({ id: m.id, name: m.name, status: m.status })),
    )
    expect((first.body as Progress).work).toEqual(project.work)

    // Work changes in the portal without a project event: the list keeps its count until the page is read.
    await portalCall(portalId, "POST", `projects/${project.projectsId}/tasks`, { name: "Read-through check" })
    await portalCall(portalId, "POST", `projects/${project.projectsId}/phases`, {
      name: "Go-live",
      start_date: "2026-03-01",
      end_date: "2026-03-31",
    })
    const openTasks = project.work.tasks?.open ?? 0
    const stale = ((await admin.get(`projects/${project.id}`)).body as Listed).work
    expect(stale.tasks?.open).toBe(openTasks)

    const fresh = (await admin.get(`projects/${project.projectsId}/progress`)).body as Progress
    expect(fresh.work.tasks?.open).toBe(openTasks + 1)
    expect(fresh.milestones.map((m) => m.name)).toContain("Go-live")
    expect(fresh.milestones.find((m) => m.name === "Go-live")).toMatchObject({ completed: false })
    const listed = ((await admin.get("projects?limit=200")).body as { items: Listed[] }).items
    expect(listed.find((p) => p.id === project.id)?.work).toEqual(fresh.work)
  })

  it("answers 404 for a project the CRM does not know, naming the id when it is malformed", async () => {
    const { admin } = await associated()
    const unknown = await admin.get("projects/00000000-0000-4000-8000-000000000000/progress")
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ code: "CrmProjectNotFound" })
    const malformed = await admin.get("projects/not-an-id/progress")
    expect(malformed.status).toBe(404)
    expect(malformed.body).toMatchObject({ code: "NotFound", errors: [{ field: "id" }] })
  })

  it("tells the user an administrator must update the key when the portal refuses it", async () => {
    const { admin } = await associated()
    const [project] = ((await admin.get("projects?limit=1")).body as { items: Listed[] }).items
    if (project === undefined) throw new Error("no project imported")
    await mock.control.regenerateKey(OWNER)
    const refused = await admin.get(`projects/${project.id}/progress`)
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: "IntegrationKeyInvalid" })
  })
})
