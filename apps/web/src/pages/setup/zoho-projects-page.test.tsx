import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { IntegrationStatus } from "../../api/types"
import { fakeApi, jobEvents, problem } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const path = "/setup/marketplace/zoho/projects"

const view = (patch: Partial<IntegrationStatus>): IntegrationStatus => ({
  status: "not_enabled",
  trial: null,
  portal: null,
  credential: null,
  steps: { portal: false, fieldMapping: false, permissions: false, clientMapping: "pending" },
  lastSyncedAt: null,
  syncFailures: null,
  message: null,
  ...patch,
})

describe("Zoho Projects integration page", () => {
  it("says the integration is not available when the server has no integration routes", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => problem(404, "Not found"),
    })
    renderApp(path)
    await screen.findByText("The integration is not enabled on this server yet.")
    expect(screen.getByRole("status").textContent).toBe("Not enabled")
    expect((screen.getByRole("button", { name: "Get Started" }) as HTMLButtonElement).disabled).toBe(true)
  })

  it("enables the integration with Get Started and shows the next state", async () => {
    let integration = view({})
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({ body: integration }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "POST /integration/enable": () => {
        integration = view({
          status: "setting_up",
          trial: {
            startedAt: "2026-11-25T10:00:00.000Z",
            endsAt: "2026-12-10T10:00:00.000Z",
            daysLeft: 15,
            expired: false,
          },
        })
        return { body: integration }
      },
    })
    renderApp(path)
    fireEvent.click(await screen.findByRole("button", { name: "Get Started" }))
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Setting up"))
    expect(screen.getByText(/an administrator must choose a portal/)).toBeTruthy()
    expect(screen.getByText(/Trial ends on .* \(15 days left\)/)).toBeTruthy()
    expect(screen.queryByRole("button", { name: "Get Started" })).toBeNull()
    expect(api.sent.filter((r) => r.method === "POST").map((r) => r.headers.get("X-CSRF-Token"))).toEqual([
      "csrf-from-me",
    ])
  })

  it("shows a Standard user the state without Get Started, in French", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /integration": () => ({
        body: view({ status: "key_invalid", portal: { id: "p1", name: "Acme" } }),
      }),
    })
    renderApp(path, "fr")
    await screen.findByRole("heading", { name: "Intégration de Zoho Projects" })
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Clé de service non valide"))
    expect(screen.getByText(/Un administrateur doit mettre à jour la clé de service/)).toBeTruthy()
    expect(screen.queryByRole("button", { name: "Démarrer" })).toBeNull()
  })

  it("finds another user's portals with their service key, shows a refused key at its field, and follows the import after Save", async () => {
    let integration = view({ status: "setting_up" })
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({ body: integration }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "POST /integration/portals/lookup": (request) =>
        (request.body as { key: string }).key === "good-key"
          ? { body: { items: [portal] } }
          : problem(422, "Service key rejected", [
              {
                field: "key",
                message: "the portal refused this service key",
                code: "ServiceKeyRejected",
                params: { email: "owner@projects.demo.test" },
              },
            ]),
      "PUT /integration/portal": () => {
        integration = view({ status: "active", portal: { id: portal.id, name: portal.name } })
        return { body: { integration, importJob: { id: jobId, status: "queued" } } }
      },
      "GET /jobs/:id/events": () =>
        jobEvents(
          job("running", { done: 2, total: 3, phase: "projects" }),
          job("succeeded", { done: 2, total: 3, phase: "projects" }),
        ),
      "GET /integration/permissions": () => ({ body: { items: [] } }),
      ...noFieldMapping,
    })
    renderApp(path)
    const other = await screen.findByRole("region", { name: "Use another user's portal(s)" })
    fireEvent.input(within(other).getByLabelText("Email"), { target: { value: "owner@projects.demo.test" } })
    fireEvent.input(within(other).getByLabelText("Service key"), { target: { value: "bad-key" } })
    fireEvent.click(within(other).getByRole("button", { name: "Find portals" }))
    await within(other).findByText("Projects refused this service key for owner@projects.demo.test.")
    expect(within(other).getByLabelText("Service key").getAttribute("aria-invalid")).toBe("true")

    fireEvent.input(within(other).getByLabelText("Service key"), { target: { value: "good-key" } })
    fireEvent.click(within(other).getByRole("button", { name: "Find portals" }))
    fireEvent.change(await within(other).findByLabelText("Portal Name"), { target: { value: portal.id } })
    fireEvent.click(within(other).getByRole("button", { name: "Save" }))
    await screen.findByText("Import finished: 2 projects.", {}, { timeout: 4000 })
    expect(api.sent.find((r) => r.method === "PUT")?.body).toEqual({
      portalId: portal.id,
      email: "owner@projects.demo.test",
      key: "good-key",
    })
  })

  it("shows the preview of the permissions before saving them, then the user transfer report", async () => {
    const rows = [
      { profileId: "p-admin", name: "Administrator", isAdmin: true, permissions: allOn },
      {
        profileId: "p-standard",
        name: "Standard",
        isAdmin: false,
        permissions: { ...allOn, tab: false, view: false, create: false, edit: false, delete: false },
      },
    ]
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({
        body: view({ status: "active", portal: { id: portal.id, name: portal.name } }),
      }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "GET /integration/permissions": () => ({ body: { items: rows } }),
      ...noFieldMapping,
      "POST /integration/permissions/preview": () => ({
        body: {
          summary: "1 user will be added to the portal as Employee.",
          toTransfer: [{ userId: "u-standard", email: "sam@demo.test", name: "Sam Standard" }],
          alreadyPresent: [],
          conflicts: [],
        },
      }),
      "PUT /integration/permissions": () => ({
        body: { permissions: rows, transfer: { runId: "r1", jobId } },
      }),
      "GET /jobs/:id/events": () =>
        jobEvents(
          job("running", { done: 1, total: 3, phase: "transferring" }),
          job("succeeded", { done: 3, total: 3, phase: "transferring" }),
        ),
      "GET /integration/user-transfers/:id": () => ({
        body: {
          run: {
            id: "r1",
            jobId,
            trigger: "permissions_saved",
            status: "succeeded",
            createdAt: "2026-11-25T10:00:00.000Z",
            finishedAt: "2026-11-25T10:00:01.000Z",
            counts: { transferred: 1, alreadyPresent: 1, failed: 1 },
          },
          items: [
            transferItem("sam@demo.test", "Sam Standard", "transferred", "Employee", null),
            transferItem("ada@demo.test", "Ada Admin", "already_present", "Manager", null),
            transferItem("off@demo.test", "Olga Off", "failed", null, "the portal has no seat left"),
          ],
        },
      }),
    })
    renderApp(path)
    fireEvent.click(await screen.findByRole("button", { name: "Setup" }))
    fireEvent.click(screen.getByRole("checkbox", { name: "View for Standard" }))
    fireEvent.click(screen.getByRole("button", { name: "Review changes" }))
    await screen.findByText("Sam Standard (sam@demo.test)")
    expect(api.sent.some((r) => r.method === "PUT")).toBe(false)
    fireEvent.click(screen.getByRole("button", { name: "Save" }))
    await screen.findByText("Permissions saved.")
    const saved = api.sent.find((r) => r.method === "PUT")?.body as {
      entries: Array<{ profileId: string; view: boolean }>
    }
    expect(saved.entries.find((e) => e.profileId === "p-standard")?.view).toBe(true)
    const report = await screen.findByRole("region", { name: "User transfer report" })
    await within(report).findByText("Sam Standard (sam@demo.test)")
    expect(within(report).getByText("Ada Admin (ada@demo.test), Manager")).toBeTruthy()
    expect(within(report).getByText("Olga Off (off@demo.test) — the portal has no seat left")).toBeTruthy()
  })

  it("ticks View with Create, Edit or Delete, and clears them when View is unticked", async () => {
    const rows = [
      {
        profileId: "p-standard",
        name: "Standard",
        isAdmin: false,
        permissions: { tab: false, view: false, create: false, edit: false, delete: false },
      },
    ]
    fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({
        body: view({ status: "active", portal: { id: portal.id, name: portal.name } }),
      }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "GET /integration/permissions": () => ({ body: { items: rows } }),
      ...noFieldMapping,
    })
    renderApp(path)
    fireEvent.click(await screen.findByRole("button", { name: "Setup" }))
    const box = (action: string) =>
      screen.getByRole("checkbox", { name: `${action} for Standard` }) as HTMLInputElement
    fireEvent.click(box("Edit"))
    await waitFor(() => expect(box("View").checked).toBe(true))
    expect(box("Edit").checked).toBe(true)
    fireEvent.click(box("Delete"))
    fireEvent.click(box("View"))
    await waitFor(() => expect(box("View").checked).toBe(false))
    expect([box("Create").checked, box("Edit").checked, box("Delete").checked]).toEqual([false, false, false])
  })

  it("translates a known OAuth error code and never repeats other text from the URL", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({ body: view({ status: "setting_up" }) }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "GET /integration/portals": () => ({ body: { items: [] } }),
    })
    const injected = encodeURIComponent("Your session expired: call +1 555 0100 now")
    const first = renderApp(`${path}?error=${injected}`)
    const alert = await screen.findByText("The Projects account was not connected. Start again.")
    expect(alert.getAttribute("role")).toBe("alert")
    expect(document.body.textContent).not.toContain("555 0100")
    first.unmount()
    renderApp(`${path}?error=denied`, "fr")
    await screen.findByText(
      "Le compte Projects n'a pas été connecté : l'accès n'a pas été accordé sur la page de connexion de Projects.",
    )
  })

  it("maps fields with Map Now, shows a refused pair at its dropdown, and flags broken lines", async () => {
    const brokenLine = {
      projectField: "projects_cf_tier",
      projectFieldLabel: "Tier",
      projectFieldType: "picklist",
      deals: { apiName: "gone", label: null },
      accounts: null,
      status: "broken",
      problems: ["the Deals field is gone"],
    }
    let attempts = 0
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({
        body: view({ status: "active", portal: { id: portal.id, name: portal.name } }),
      }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "GET /integration/permissions": () => ({ body: { items: [] } }),
      ...noFieldMapping,
      "GET /integration/field-mappings": () => ({ body: { entries: [brokenLine], savedAt: null } }),
      "GET /integration/field-mappings/candidates": () => ({
        body: {
          projectFields: [
            {
              apiName: "start_date",
              label: "Start Date",
              type: "date",
              portalType: "date",
              custom: false,
              mandatory: false,
              options: [],
              compatible: { deals: [{ apiName: "closing_date", missingOptions: [] }], accounts: [] },
            },
          ],
          deals: [{ apiName: "closing_date", label: "Closing Date", type: "date", custom: false }],
          accounts: [],
        },
      }),
      "PUT /integration/field-mappings": () => {
        attempts += 1
        return attempts === 1
          ? problem(422, "Field mapping refused", [
              { field: "entries[0].dealsField", message: "not a date field", code: "incompatibleType" },
            ])
          : { body: { entries: [], savedAt: "2026-11-25T10:00:00.000Z" } }
      },
    })
    renderApp(path)
    const step = await screen.findByRole("region", { name: "Field mapping" })
    await within(step).findByText("Broken")
    expect(within(step).getByText("the Deals field is gone")).toBeTruthy()
    fireEvent.click(within(step).getByRole("button", { name: "Map Now" }))
    const deals = await within(step).findByLabelText("Deals field for Start date")
    fireEvent.change(deals, { target: { value: "closing_date" } })
    fireEvent.click(within(step).getByRole("button", { name: "Done" }))
    await within(step).findByText("A field of this type cannot fill this project field.")
    expect(deals.getAttribute("aria-invalid")).toBe("true")
    fireEvent.click(within(step).getByRole("button", { name: "Done" }))
    await within(step).findByText("Field mapping saved.")
    expect(api.sent.filter((r) => r.method === "PUT").at(-1)?.body).toEqual({
      entries: [{ projectField: "start_date", dealsField: "closing_date", accountsField: null }],
    })
  })

  it("previews the client mapping with reasons, maps matching records as a job, and maps a client by hand", async () => {
    let available = true
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({
        body: view({ status: "active", portal: { id: portal.id, name: portal.name } }),
      }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "GET /integration/permissions": () => ({ body: { items: [] } }),
      ...noFieldMapping,
      "POST /integration/client-mapping/preview": () => ({
        body: {
          available,
          choice: available ? "pending" : "automatic",
          mapped: [
            {
              _tag: "mapped",
              client: { id: "11", name: "Acme Corp" },
              account: { id: "a1", name: "Acme Corp" },
              by: "automatic",
            },
          ],
          unmapped: [
            {
              _tag: "unmapped",
              client: { id: "12", name: "Globex" },
              reason: "several_accounts",
              matchCount: 2,
              account: null,
              heldBy: null,
            },
          ],
        },
      }),
      "POST /integration/client-mapping/auto": () => {
        available = false
        return { status: 202, body: job("queued", { done: 0, total: 2, phase: "clients" }) }
      },
      "GET /jobs/:id/events": () => jobEvents(job("succeeded", { done: 2, total: 2, phase: "map" })),
      "GET /integration/client-mappings": () => ({
        body: { items: [{ client: { id: "12", name: "Globex" }, account: null, mappedBy: null }] },
      }),
      "GET /accounts": () => ({
        body: {
          items: [
            {
              id: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
              name: "Globex East",
              values: { name: "Globex East", website: "https://east.globex.test" },
            },
            {
              id: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
              name: "Globex East",
              values: { name: "Globex East", website: "https://globex.test" },
            },
          ],
          nextCursor: null,
        },
      }),
      "PUT /integration/client-mappings/:clientId": () => ({
        body: {
          client: { id: "12", name: "Globex" },
          account: { id: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", name: "Globex East" },
          mappedBy: "manual",
        },
      }),
    })
    renderApp(path)
    const step = await screen.findByRole("region", { name: "Client mapping" })
    await within(step).findByText("Acme Corp → Acme Corp")
    expect(within(step).getByText("Globex: 2 accounts of that name")).toBeTruthy()
    fireEvent.click(within(step).getByRole("button", { name: "Yes, map matching records" }))
    await within(step).findByText("Matching records mapped.")
    expect(within(step).queryByRole("button", { name: "Yes, map matching records" })).toBeNull()
    const report = await within(step).findByRole("region", { name: "Client mapping report" })
    expect(within(report).getByText("Acme Corp → Acme Corp")).toBeTruthy()
    expect(within(report).getByText("Globex: 2 accounts of that name")).toBeTruthy()

    fireEvent.input(await within(step).findByLabelText("Account for Globex"), { target: { value: "Globex" } })
    // Two accounts share the name: each result says which one it is.
    const east = await within(step).findByRole("button", { name: /Globex East.*east\.globex\.test.*3d4e5f/ })
    expect(within(step).getByRole("button", { name: /Globex East.*7b6c5d/ })).toBeTruthy()
    fireEvent.click(east)
    await waitFor(() =>
      expect(api.sent.find((r) => r.method === "PUT")?.body).toEqual({
        accountId: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
      }),
    )
    expect(api.sent.find((r) => r.method === "PUT")?.path).toBe("/integration/client-mappings/12")
    expect(
      api.sent.filter((r) => r.method === "GET" && r.path === "/integration/client-mappings").length,
    ).toBeGreaterThan(1)
  })

  it("takes the preview and Yes / No away after No, skip", async () => {
    let choice = "pending"
    fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({
        body: view({ status: "active", portal: { id: portal.id, name: portal.name } }),
      }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      "GET /integration/permissions": () => ({ body: { items: [] } }),
      ...noFieldMapping,
      "POST /integration/client-mapping/preview": () => ({
        body: { available: choice === "pending", choice, mapped: [], unmapped: [] },
      }),
      "POST /integration/client-mapping/skip": () => {
        choice = "skipped"
        return { body: view({ status: "active", portal: { id: portal.id, name: portal.name } }) }
      },
    })
    renderApp(path)
    const step = await screen.findByRole("region", { name: "Client mapping" })
    fireEvent.click(await within(step).findByRole("button", { name: "No, skip" }))
    await within(step).findByText("Automatic mapping skipped: map clients by hand below.")
    expect(within(step).queryByRole("button", { name: "No, skip" })).toBeNull()
    expect(within(step).queryByRole("button", { name: "Yes, map matching records" })).toBeNull()
    expect(within(step).queryByText(/Will be mapped/)).toBeNull()
  })

  it.each([
    {
      locale: "en" as const,
      title: /^Items of the portal the last sync could not copy \(.+\): 3$/,
      lines: [
        "Project “Launch\uFFFD plan” (id 1700000000000012) — it holds a value the CRM cannot store",
        "Client “without a name” (id 88) — it conflicts with another record of the CRM",
      ],
      more: "…and 1 more, listed in the sync job's result.",
    },
    {
      locale: "fr" as const,
      title: /^Éléments du portail que la dernière synchronisation n'a pas pu copier \(.+\) : 3$/,
      lines: [
        "Projet « Launch\uFFFD plan » (id 1700000000000012) — il contient une valeur que le CRM ne peut pas enregistrer",
        "Client « sans nom » (id 88) — il est en conflit avec un autre enregistrement du CRM",
      ],
      more: "…et 1 de plus, listés dans le résultat de la tâche de synchronisation.",
    },
  ])(
    "names the items the last sync could not copy and why, in $locale",
    async ({ locale, title, lines, more }) => {
      fakeApi({
        "GET /me": () => ({ body: meAs("admin") }),
        "GET /integration": () => ({
          body: view({
            status: "active",
            portal: { id: "p1", name: "Acme" },
            syncFailures: {
              at: "2026-11-30T10:00:00.000Z",
              count: 3,
              items: [
                {
                  list: "projects",
                  id: "1700000000000012",
                  name: "Launch\uFFFD plan",
                  reason: "invalid_value",
                  sqlstate: "22P05",
                },
                { list: "clients", id: "88", name: null, reason: "conflict", sqlstate: "23505" },
              ],
            },
          }),
        }),
        "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
        ...noFieldMapping,
        "GET /integration/permissions": () => ({ body: { items: [] } }),
      })
      renderApp(path, locale)
      const heading = await screen.findByRole("heading", { name: title })
      const region = heading.closest("section") as HTMLElement
      expect(
        within(region)
          .getAllByRole("listitem")
          .map((item) => item.textContent),
      ).toEqual(lines)
      expect(within(region).getByText(more)).toBeTruthy()
    },
  )

  it("shows nothing of the last sync's failures when it copied every item", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({
        body: view({
          status: "active",
          portal: { id: "p1", name: "Acme" },
          syncFailures: { at: "2026-11-30T10:00:00.000Z", count: 0, items: [] },
        }),
      }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      ...noFieldMapping,
      "GET /integration/permissions": () => ({ body: { items: [] } }),
    })
    renderApp(path)
    await screen.findByText("Acme")
    expect(screen.queryByText(/could not copy/)).toBeNull()
  })

  it("asks an admin to update a refused service key and shows the portal's refusal at the key", async () => {
    let integration = view({
      status: "key_invalid",
      portal: { id: portal.id, name: portal.name },
      credential: { kind: "key", email: "owner@projects.demo.test" },
    })
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /integration": () => ({ body: integration }),
      "GET /integration/audit": () => ({ body: { items: [], nextCursor: null } }),
      ...noFieldMapping,
      "GET /integration/permissions": () => ({ body: { items: [] } }),
      "PUT /integration/key": (request) => {
        if ((request.body as { key: string }).key !== "fresh-key")
          return problem(422, "Service key rejected", [
            {
              field: "key",
              message: "the portal refused this service key",
              code: "ServiceKeyRejected",
              params: { email: "owner@projects.demo.test" },
            },
          ])
        integration = view({ status: "active", portal: { id: portal.id, name: portal.name } })
        return { body: { integration, syncJob: { id: jobId, status: "queued" } } }
      },
      "GET /jobs/:id/events": () => jobEvents(job("succeeded", { done: 4, total: 4, phase: "projects" })),
    })
    renderApp(path)
    const form = await screen.findByRole("region", { name: "Update the service key" })
    expect((within(form).getByLabelText("Email") as HTMLInputElement).value).toBe("owner@projects.demo.test")
    fireEvent.input(within(form).getByLabelText("Service key"), { target: { value: "stale-key" } })
    fireEvent.click(within(form).getByRole("button", { name: "Save" }))
    await within(form).findByText("Projects refused this service key for owner@projects.demo.test.")
    fireEvent.input(within(form).getByLabelText("Service key"), { target: { value: "fresh-key" } })
    fireEvent.click(within(form).getByRole("button", { name: "Save" }))
    await screen.findByText("Import finished: 4 projects.")
    await waitFor(() => expect(screen.queryByRole("region", { name: "Update the service key" })).toBeNull())
    expect(api.sent.filter((r) => r.method === "PUT").length).toBe(2)
  })
})

const noFieldMapping = {
  "GET /integration/field-mappings": () => ({ body: { entries: [], savedAt: null } }),
  "POST /integration/client-mapping/preview": () => ({
    body: { available: false, choice: "skipped", mapped: [], unmapped: [] },
  }),
  "GET /integration/client-mappings": () => ({ body: { items: [] } }),
  "GET /accounts": () => ({ body: { items: [], nextCursor: null } }),
}
const allOn = { tab: true, view: true, create: true, edit: true, delete: true }
const jobId = "7d0c3f5e-2a4b-4c1d-9e8f-0a1b2c3d4e5f"
const portal = {
  id: "60012345",
  name: "Demo Portal",
  orgName: null,
  owner: null,
  role: "admin",
  projectCount: 3,
}
const transferItem = (
  email: string,
  name: string,
  outcome: string,
  role: string | null,
  reason: string | null,
) => ({ userId: null, email, name, outcome, role, reason, at: "2026-11-25T10:00:01.000Z" })
const job = (status: string, progress: { done: number; total: number; phase: string }) => ({
  id: jobId,
  organizationId: "o-demo",
  kind: "import",
  payload: {},
  status,
  attempts: 1,
  maxAttempts: 3,
  runAt: "2026-11-25T10:00:00.000Z",
  progress,
  checkpoint: null,
  result: null,
  error: null,
  dedupeKey: null,
  createdAt: "2026-11-25T10:00:00.000Z",
  updatedAt: "2026-11-25T10:00:00.000Z",
  startedAt: null,
  finishedAt: null,
})
