import { screen, waitFor } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { CrmRecord, FieldMeta, Me } from "../api/types"
import { fakeApi } from "../test/fake-api"
import { integrationView } from "../test/integration-view"
import { meAs, renderApp } from "../test/render-app"

const viewOnly = { tab: true, view: true, create: false, edit: false, delete: false }
const everything = { tab: true, view: true, create: true, edit: true, delete: true }
const person = (kind: "admin" | "standard", permissions = everything): Me => ({
  ...meAs(kind, ["deals", "accounts", "contacts", "projects"]),
  projectPermissions: permissions,
})

const nameField: FieldMeta = {
  id: "f-name",
  module: "accounts",
  apiName: "name",
  label: "Account Name",
  type: "text",
  required: true,
  unique: false,
  custom: false,
  position: 1,
}
const account: CrmRecord = {
  id: "a1",
  module: "accounts",
  name: "Acme Corp",
  createdAt: "2026-11-01T10:00:00.000Z",
  updatedAt: "2026-11-01T10:00:00.000Z",
  values: { name: "Acme Corp" },
}
const accountRoutes = {
  "GET /metadata/accounts/fields": () => ({ body: { items: [nameField] } }),
  "GET /accounts/a1": () => ({ body: account }),
  "GET /accounts/a1/projects": () => ({ body: { items: [], nextCursor: null } }),
}
const keyInvalid = integrationView({ status: "key_invalid", portal: { id: "1", name: "zylker-demo" } })

describe("integration states as banners", () => {
  it("tells a user of the Projects tab that an administrator must update the key, without a list or an error", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: person("standard") }),
      "GET /integration": () => ({ body: keyInvalid }),
    })
    renderApp("/projects")
    const banner = await screen.findByRole("alert")
    expect(banner.textContent).toBe(
      "Projects cannot be shown: the service key of the Projects portal is no longer valid. An administrator must update the service key.",
    )
    expect(screen.queryByText("Something went wrong")).toBeNull()
    expect(screen.queryByRole("link", { name: "Update the service key" })).toBeNull()
    expect(api.sent.some((request) => request.path === "/projects")).toBe(false)
  })

  it("gives an administrator the way to the service-key update, in French", async () => {
    fakeApi({
      "GET /me": () => ({ body: person("admin") }),
      "GET /integration": () => ({ body: keyInvalid }),
    })
    renderApp("/projects", "fr")
    const link = await screen.findByRole("link", { name: "Mettre à jour la clé de service" })
    expect(link.getAttribute("href")).toBe("/setup/marketplace/zoho/projects#service-key")
    expect(screen.getByRole("alert").textContent).toMatch(/^Les projets ne peuvent pas être affichés/)
  })

  it("counts the trial's days left above the projects", async () => {
    fakeApi({
      "GET /me": () => ({ body: person("admin") }),
      "GET /integration": () => ({
        body: integrationView({
          status: "active",
          trial: {
            startedAt: "2026-11-25T10:00:00.000Z",
            endsAt: "2026-12-10T10:00:00.000Z",
            daysLeft: 9,
            expired: false,
          },
        }),
      }),
      "GET /projects": () => ({ body: { items: [], nextCursor: null } }),
    })
    renderApp("/projects", "fr")
    await screen.findByText("Essai de l'intégration Projects : 9 jours restants (fin le 10 déc. 2026).")
  })

  it("says the trial is over instead of listing projects", async () => {
    fakeApi({
      "GET /me": () => ({ body: person("admin") }),
      "GET /integration": () => ({
        body: integrationView({
          status: "trial_expired",
          trial: {
            startedAt: "2026-10-01T10:00:00.000Z",
            endsAt: "2026-10-16T10:00:00.000Z",
            daysLeft: 0,
            expired: true,
          },
        }),
      }),
    })
    renderApp("/projects")
    expect((await screen.findByRole("alert")).textContent).toMatch(
      /^The 15-day trial of the Projects integration ended on Oct 16, 2026\./,
    )
  })

  it("replaces an account's related list by the key banner", async () => {
    fakeApi({
      "GET /me": () => ({ body: person("standard") }),
      "GET /integration": () => ({ body: keyInvalid }),
      ...accountRoutes,
    })
    renderApp("/accounts/a1")
    await screen.findByRole("heading", { name: "Projects" })
    expect(screen.getByRole("alert").textContent).toMatch(/An administrator must update the service key\.$/)
    expect(screen.queryByRole("link", { name: "New project" })).toBeNull()
  })

  it("drops the related list of a deactivated integration rather than erroring", async () => {
    fakeApi({
      "GET /me": () => ({ body: person("standard") }),
      "GET /integration": () => ({ body: integrationView({ status: "deactivated" }) }),
      ...accountRoutes,
    })
    renderApp("/accounts/a1")
    await screen.findByRole("heading", { name: "Acme Corp", level: 1 })
    await waitFor(() => expect(screen.queryByText("Loading…")).toBeNull())
    expect(screen.queryByRole("heading", { name: "Projects" })).toBeNull()
    expect(screen.queryByRole("alert")).toBeNull()
  })
})

describe("pages a profile may not use", () => {
  it("shows a view-only user no New project and refuses /projects/new", async () => {
    fakeApi({
      "GET /me": () => ({ body: person("standard", viewOnly) }),
      "GET /integration": () => ({ body: integrationView({ status: "active" }) }),
      "GET /projects": () => ({ body: { items: [], nextCursor: null } }),
      ...accountRoutes,
    })
    const { history } = renderApp("/projects")
    await screen.findByText("No projects found.")
    expect(screen.queryByRole("link", { name: "New project" })).toBeNull()
    history.set({ value: "/projects/new" })
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Your profile is not allowed to create projects.",
    )
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull()
  })
})
