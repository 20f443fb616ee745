import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import { fakeApi, problem } from "../test/fake-api"
import { meAs, renderApp } from "../test/render-app"

const emptyModule = {
  "GET /metadata/:module/fields": () => ({ body: { items: [] } }),
  "GET /deals": () => ({ body: { items: [], nextCursor: null } }),
}

describe("app shell", () => {
  it("shows an administrator the setup entries for users and tokens", async () => {
    fakeApi({ "GET /me": () => ({ body: meAs("admin") }), ...emptyModule })
    renderApp("/deals")
    const nav = await screen.findByRole("navigation", { name: "Main navigation" })
    const links = within(nav)
      .getAllByRole("link")
      .map((a) => a.textContent)
    expect(links).toEqual([
      "Deals",
      "Accounts",
      "Contacts",
      "Marketplace",
      "Users and profiles",
      "Modules and fields",
      "Events",
      "Audit log",
      "Outbox",
      "Sync runs",
      "API tokens",
    ])
  })

  it("hides the admin-only entries from a Standard user", async () => {
    fakeApi({ "GET /me": () => ({ body: meAs("standard") }), ...emptyModule })
    renderApp("/deals")
    const nav = await screen.findByRole("navigation", { name: "Main navigation" })
    expect(within(nav).queryByRole("link", { name: "Users and profiles" })).toBeNull()
    expect(within(nav).queryByRole("link", { name: "Modules and fields" })).toBeNull()
    expect(within(nav).getByRole("link", { name: "API tokens" })).toBeTruthy()
  })

  it("shows the Projects tab only when /me lists it as visible", async () => {
    fakeApi({ "GET /me": () => ({ body: meAs("standard", ["projects"]) }), ...emptyModule })
    renderApp("/deals")
    const nav = await screen.findByRole("navigation", { name: "Main navigation" })
    expect(within(nav).getByRole("link", { name: "Projects" }).getAttribute("href")).toBe("/projects")
  })

  it("sends a signed-out visitor to the sign-in page, remembering where they were going", async () => {
    fakeApi({ "GET /me": () => ({ status: 401, body: { title: "Unauthorized", status: 401 } }) })
    const { history } = renderApp("/accounts")
    await screen.findByRole("heading", { name: "Sign in" })
    await waitFor(() => expect(history.get()).toBe("/sign-in?next=%2Faccounts"))
  })

  it("shows a failure to read the session instead of a blank page, and retries", async () => {
    let down = true
    fakeApi({
      "GET /me": () => (down ? problem(503, "Service Unavailable") : { body: meAs("admin") }),
      ...emptyModule,
    })
    renderApp("/deals")
    const alert = await screen.findByRole("alert")
    expect(alert.textContent).toContain("The server could not complete the request.")
    down = false
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }))
    await screen.findByRole("navigation", { name: "Main navigation" })
  })

  it("moves focus to the new page's heading after a navigation", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      ...emptyModule,
      "GET /accounts": () => ({ body: { items: [], nextCursor: null } }),
    })
    renderApp("/deals")
    const nav = await screen.findByRole("navigation", { name: "Main navigation" })
    fireEvent.click(within(nav).getByRole("link", { name: "Accounts" }))
    const heading = await screen.findByRole("heading", { name: "Accounts", level: 1 })
    await waitFor(() => expect(document.activeElement).toBe(heading))
  })

  it("switches the interface to French and keeps the choice", async () => {
    fakeApi({ "GET /me": () => ({ body: meAs("admin") }), ...emptyModule })
    renderApp("/deals")
    const nav = await screen.findByRole("navigation", { name: "Main navigation" })
    fireEvent.change(screen.getByLabelText("Language"), { target: { value: "fr" } })
    expect(within(nav).getByRole("link", { name: "Transactions" })).toBeTruthy()
    expect(screen.getByRole("button", { name: "Se déconnecter" })).toBeTruthy()
    expect(localStorage.getItem("crm.locale")).toBe("fr")
    expect(document.documentElement.lang).toBe("fr")
  })
})
