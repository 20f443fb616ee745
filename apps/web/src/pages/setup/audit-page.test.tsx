import { fireEvent, screen, within } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { AuditEntry } from "../../api/types"
import { fakeApi } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const entry = (action: string, after: AuditEntry["after"], background = false): AuditEntry => ({
  id: `e-${action}`,
  at: "2026-11-30T09:15:00.000Z",
  actor: {
    userId: "u-admin",
    label: `Ada Admin <admin@demo.test>${background ? " (background job)" : ""}`,
    name: "Ada Admin",
    background,
  },
  action,
  before: null,
  after,
})

const entries = [
  entry("integration.portal_associated", { portal: { id: "1", name: "zylker-demo" } }),
  entry("integration.client_mapped", {
    client: { id: "c1", name: "Acme" },
    account: { id: "a1", name: "Acme Corp" },
  }),
  entry("integration.key_invalid", { portal: { id: "1", name: "zylker-demo" } }, true),
]

describe("Audit log page", () => {
  it("says each change as a sentence, in French too, and sends the chosen filters", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /users": () => ({ body: { items: [meAs("admin").user] } }),
      "GET /integration/audit": () => ({ body: { items: entries, nextCursor: null } }),
    })
    renderApp("/setup/audit", "fr")
    await screen.findByRole("rowheader", { name: "Ada Admin a associé le portail zylker-demo" })
    expect(
      screen.getByRole("rowheader", { name: "Ada Admin a mappé le client Acme au compte Acme Corp" }),
    ).toBeTruthy()
    expect(
      screen.getByRole("rowheader", { name: "Projects a refusé la clé de service du portail zylker-demo" }),
    ).toBeTruthy()
    expect(screen.getByText("Ada Admin (tâche en arrière-plan)")).toBeTruthy()
    expect(screen.queryByText(/integration\./)).toBeNull()

    const filters = screen.getByRole("form", { name: "Filtres" })
    fireEvent.change(within(filters).getByLabelText("Action"), {
      target: { value: "integration.portal_associated" },
    })
    fireEvent.input(within(filters).getByLabelText("Rechercher"), { target: { value: "zylker" } })
    fireEvent.input(within(filters).getByLabelText("Du"), { target: { value: "2026-11-01" } })
    fireEvent.click(within(filters).getByRole("button", { name: "Appliquer les filtres" }))
    await screen.findByRole("rowheader", { name: "Ada Admin a associé le portail zylker-demo" })
    const last = api.sent.filter((r) => r.path === "/integration/audit").at(-1)
    expect(Object.fromEntries(last?.query ?? [])).toMatchObject({
      action: "integration.portal_associated",
      search: "zylker",
      from: "2026-11-01",
    })
  })

  it("refuses the page to a Standard user", async () => {
    fakeApi({ "GET /me": () => ({ body: meAs("standard") }) })
    renderApp("/setup/audit")
    expect((await screen.findByRole("alert")).textContent).toBe("You do not have permission to do this.")
  })
})
