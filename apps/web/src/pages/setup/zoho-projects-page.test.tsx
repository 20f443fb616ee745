import { fireEvent, screen, waitFor } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { IntegrationStatus } from "../../api/types"
import { fakeApi, problem } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const path = "/setup/marketplace/zoho/projects"

const view = (patch: Partial<IntegrationStatus>): IntegrationStatus => ({
  status: "not_enabled",
  trial: null,
  portal: null,
  credential: null,
  steps: { portal: false, fieldMapping: false, permissions: false, clientMapping: "pending" },
  lastSyncedAt: null,
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
})
