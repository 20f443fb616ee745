/**
 * The seed's paragraphs on enabling, configuring the portal, the Projects tab, updating the service key
 * and deactivating — through the HTTP API (cookie sessions, CSRF, problem+json), against the mock
 * Projects server over HTTP, with the background jobs run by a job runner on the same runtime.
 */
import { PortalSync } from "@app/core/integration"
import type { MockProjectsHandle } from "@app/mock-projects"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { anonymous, organizationWithClients, startIntegrationTestApi, type TestApi } from "./api-harness.js"

const OWNER = "owner@projects.demo.test"
let mock: MockProjectsHandle
let api: TestApi
let drain: () => Promise<void>
let close: () => Promise<void>

beforeAll(async () => {
  ;({ api, mock, drain, close } = await startIntegrationTestApi())
})
afterAll(() => close?.())

const anonymousClient = () => anonymous(api)

const ownerKey = async () => (await mock.control.keys(OWNER)).key ?? ""

const portalId = async () => {
  const state = await mock.control.state()
  return state.portals[0]?.id ?? ""
}

describe("integration through the API", () => {
  it("enables, associates another user's portal with its key, imports, and shows the Projects tab", async () => {
    const { admin, standard } = await organizationWithClients(api)
    expect((await admin.get("integration")).body).toMatchObject({ status: "not_enabled" })
    expect((await standard.post("integration/enable")).status).toBe(403)

    const enabled = await admin.post("integration/enable")
    expect(enabled.status).toBe(200)
    expect(enabled.body).toMatchObject({ status: "setting_up", steps: { portal: false } })

    const key = await ownerKey()
    const lookup = await admin.post("integration/portals/lookup", { email: OWNER, key })
    expect(lookup.status).toBe(200)
    const id = await portalId()
    expect((lookup.body as { items: Array<{ id: string }> }).items.map((p) => p.id)).toContain(id)

    const saved = await admin.request("PUT", "integration/portal", { portalId: id, email: OWNER, key })
    expect(saved.status).toBe(200)
    const jobId = (saved.body as { importJob: { id: string } }).importJob.id
    expect(saved.text).not.toContain(key)
    await drain()
    const job = await admin.get(`jobs/${jobId}`)
    expect(job.body).toMatchObject({ status: "succeeded", progress: { phase: "done" } })

    // The console follows a job as server-sent events: here it is over, so the stream ends with `done`.
    const events = await admin.get(`jobs/${jobId}/events`)
    expect(events.headers.get("content-type")).toContain("text/event-stream")
    expect(events.text).toMatch(/event: done\ndata: \{[^\n]*"status":"succeeded"/)
    // Jobs are administrators' work: a Standard user reads neither the job nor its events.
    expect((await standard.get(`jobs/${jobId}`)).status).toBe(403)
    expect((await standard.get(`jobs/${jobId}/events`)).status).toBe(403)
    expect((await anonymousClient().get(`jobs/${jobId}`)).status).toBe(401)

    const projects = await admin.get("projects?limit=100")
    expect(projects.status).toBe(200)
    expect((projects.body as { items: unknown[] }).items).toHaveLength(10)
    const me = await admin.get("me")
    expect(me.body).toMatchObject({
      visibleTabs: expect.arrayContaining(["projects"]),
      projectPermissions: { view: true },
    })
    // A Standard profile has no box ticked by default: no tab, and 403 on the list.
    expect((await standard.get("me")).body).not.toMatchObject({
      visibleTabs: expect.arrayContaining(["projects"]),
    })
    expect((await standard.get("projects")).status).toBe(403)

    const audit = await admin.get("integration/audit")
    expect((audit.body as { items: Array<{ action: string }> }).items.map((e) => e.action)).toEqual(
      expect.arrayContaining(["integration.enabled", "integration.portal_associated"]),
    )
  })

  it("refuses bad input with problem+json naming the field, changing nothing", async () => {
    const { admin } = await organizationWithClients(api)
    await admin.post("integration/enable")
    const noKey = await admin.post("integration/portals/lookup", { email: OWNER })
    expect(noKey.status).toBe(400)
    expect(noKey.headers.get("content-type")).toContain("application/problem+json")
    expect(noKey.body).toMatchObject({ errors: [{ field: "key" }] })
    const badEmail = await admin.post("integration/portals/lookup", { email: "nope", key: "abc" })
    expect(badEmail.body).toMatchObject({ errors: [{ field: "email" }] })
    const refused = await admin.post("integration/portals/lookup", { email: OWNER, key: "0".repeat(32) })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({ errors: [{ field: "key" }] })
    const unknownPortal = await admin.request("PUT", "integration/portal", {
      portalId: "42",
      email: OWNER,
      key: await ownerKey(),
    })
    expect(unknownPortal.status).toBe(422)
    expect(unknownPortal.body).toMatchObject({ errors: [{ field: "portalId" }] })
    const halfCredential = await admin.request("PUT", "integration/portal", { portalId: "42", email: OWNER })
    expect(halfCredential.body).toMatchObject({ errors: [{ field: "key" }] })
    expect((await admin.get("integration")).body).toMatchObject({ status: "setting_up", portal: null })
    // Cookie writes need the CSRF token.
    expect((await admin.withoutCsrf.post("integration/deactivate")).status).toBe(403)
  })

  it("says an admin must update the key once the portal refuses it, and catches up after the update", async () => {
    const { admin } = await organizationWithClients(api)
    await admin.post("integration/enable")
    const id = await portalId()
    await admin.request("PUT", "integration/portal", { portalId: id, email: OWNER, key: await ownerKey() })
    await drain()

    const regenerated = (await mock.control.regenerateKey(OWNER)).key ?? ""
    // The next call to the portal (here the periodic reconcile) meets the old key.
    await api.run(Effect.flatMap(PortalSync, (sync) => sync.enqueueReconciles))
    await drain()
    const invalid = await admin.get("projects")
    expect(invalid.status).toBe(409)
    expect(invalid.body).toMatchObject({
      detail: expect.stringMatching(/administrator must update the service key/),
    })
    expect((await admin.get("integration")).body).toMatchObject({ status: "key_invalid" })
    expect((await admin.get("me")).body).toMatchObject({ visibleTabs: expect.arrayContaining(["projects"]) })

    const wrong = await admin.request("PUT", "integration/key", { email: OWNER, key: "f".repeat(32) })
    expect(wrong.status).toBe(422)
    expect(wrong.body).toMatchObject({ errors: [{ field: "key" }] })

    const updated = await admin.request("PUT", "integration/key", { email: OWNER, key: regenerated })
    expect(updated.status).toBe(200)
    expect(updated.text).not.toContain(regenerated)
    await drain()
    expect((await admin.get("projects")).status).toBe(200)
  })

  it("deactivates: the tab and related lists go, the portal keeps its projects", async () => {
    const { admin } = await organizationWithClients(api)
    await admin.post("integration/enable")
    const id = await portalId()
    await admin.request("PUT", "integration/portal", { portalId: id, email: OWNER, key: await ownerKey() })
    await drain()
    const before = (await mock.control.state()).portals[0]?.counts.projects

    const deactivated = await admin.post("integration/deactivate")
    expect(deactivated.body).toMatchObject({ status: "deactivated", portal: null })
    expect((await admin.get("projects")).status).toBe(409)
    expect((await admin.get("me")).body).not.toMatchObject({
      visibleTabs: expect.arrayContaining(["projects"]),
    })
    expect((await mock.control.state()).portals[0]?.counts.projects).toBe(before)
    expect((await admin.post("integration/enable")).body).toMatchObject({ status: "setting_up" })
  })

  it("previews, runs once and reports the client ↔ account mapping; manual mapping stays available", async () => {
    const { admin, org } = await organizationWithClients(api)
    const owner = org.admin.id
    for (const name of ["ACME  corp", "Globex", "Initech", "Initech"]) {
      expect((await admin.post("accounts", { values: { name, owner } })).status).toBe(201)
    }
    await admin.post("integration/enable")
    await admin.request("PUT", "integration/portal", {
      portalId: await portalId(),
      email: OWNER,
      key: await ownerKey(),
    })
    await drain()

    const preview = await admin.post("integration/client-mapping/preview")
    expect(preview.status).toBe(200)
    const body = preview.body as {
      mapped: Array<{ client: { name: string } }>
      unmapped: Array<{ client: { name: string }; reason: string }>
    }
    expect(body.mapped.map((m) => m.client.name)).toEqual(expect.arrayContaining(["Acme Corp", "Globex"]))
    expect(body.unmapped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          client: expect.objectContaining({ name: "Initech" }),
          reason: "several_accounts",
        }),
        expect.objectContaining({
          client: expect.objectContaining({ name: "Umbrella" }),
          reason: "no_account",
        }),
      ]),
    )

    const run = await admin.post("integration/client-mapping/auto")
    expect(run.status).toBe(202)
    await drain()
    expect((await admin.get(`jobs/${(run.body as { id: string }).id}`)).body).toMatchObject({
      status: "succeeded",
    })
    const again = await admin.post("integration/client-mapping/auto")
    expect(again.status).toBe(409)

    const mappings = (await admin.get("integration/client-mappings")).body as {
      items: Array<{ client: { id: string; name: string }; account: { id: string } | null }>
    }
    const acme = mappings.items.find((m) => m.client.name === "Acme Corp")
    expect(acme?.account).not.toBeNull()
    const related = await admin.get(`accounts/${acme?.account?.id}/projects`)
    expect((related.body as { items: unknown[] }).items.length).toBeGreaterThan(0)

    const outbox = (await admin.get("outbox")).body as {
      items: Array<{ subject: string; recipients: string[] }>
    }
    expect(outbox.items[0]?.recipients).toContain(org.admin.email)

    // Manual mapping: the account Acme holds cannot go to another client.
    const umbrella = mappings.items.find((m) => m.client.name === "Umbrella")
    const taken = await admin.request("PUT", `integration/client-mappings/${umbrella?.client.id}`, {
      accountId: acme?.account?.id,
    })
    expect(taken.status).toBe(409)
    expect(taken.body).toMatchObject({ errors: [{ field: "accountId" }] })
  })

  it("accepts only webhook deliveries signed for a known subscription", async () => {
    const response = await anonymous(api).request(
      "POST",
      "/api/v1/webhooks/projects",
      { id: "evt" },
      {
        "X-Projects-Webhook-Id": "unknown",
        "X-Projects-Signature": "sha256=00",
      },
    )
    expect(response.status).toBe(401)
  })

  it("lists every integration route in the OpenAPI document", async () => {
    const { admin } = await organizationWithClients(api)
    const doc = (await admin.get("/api/openapi.json")).body as { paths: Record<string, unknown> }
    for (const path of [
      "/api/v1/integration",
      "/api/v1/integration/enable",
      "/api/v1/integration/portal",
      "/api/v1/integration/key",
      "/api/v1/projects",
      "/api/v1/jobs/{id}/events",
      "/api/v1/webhooks/projects",
      "/api/v1/integration/field-mappings",
      "/api/v1/integration/permissions",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path)
    }
  })
})
