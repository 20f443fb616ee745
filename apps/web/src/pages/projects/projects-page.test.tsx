import { fireEvent, screen, waitFor } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import { fakeApi } from "../../test/fake-api"
import { integrationView } from "../../test/integration-view"
import { meAs, renderApp } from "../../test/render-app"

const project = (id: string, name: string) => ({
  id,
  projectsId: id.replace(/\D/g, "") || "1",
  name,
  key: null,
  status: "Active",
  projectType: "active",
  owner: { email: "owner@projects.demo.test", name: "Olivia Owner" },
  startDate: null,
  endDate: null,
  description: null,
  percentComplete: 0,
  clients: [],
  customFields: {},
  dealId: null,
  accountId: null,
  modifiedTime: null,
  work: { tasks: { open: 1234, closed: 1 }, issues: { open: 2, closed: 0 }, milestones: null },
})

describe("Projects tab", () => {
  it("lists projects, searches them and loads the next page", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin", ["deals", "projects"]) }),
      "GET /integration": () => ({ body: integrationView({ status: "active" }) }),
      "GET /projects": (request) => {
        if (request.query.get("search"))
          return { body: { items: [project("p3", "CRM rollout")], nextCursor: null } }
        if (request.query.get("cursor") === "c2")
          return { body: { items: [project("p2", "Mobile app")], nextCursor: null } }
        return { body: { items: [project("p1", "Website redesign")], nextCursor: "c2" } }
      },
    })
    renderApp("/projects")
    const first = await screen.findByRole("link", { name: "Website redesign" })
    // Open tasks, issues and milestones, numbers in the locale; a count the portal did not send is a dash.
    const cells = [...(first.closest("tr")?.querySelectorAll("td") ?? [])].map((td) => td.textContent)
    expect(cells.slice(-3)).toEqual(["1,234", "2", "—"])
    fireEvent.click(screen.getByRole("button", { name: "Load more" }))
    await screen.findByRole("link", { name: "Mobile app" })
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull()

    fireEvent.input(screen.getByLabelText("Search projects"), { target: { value: "CRM" } })
    fireEvent.submit(screen.getByLabelText("Search projects").closest("form") as HTMLFormElement)
    await screen.findByRole("link", { name: "CRM rollout" })
    await waitFor(() => expect(screen.queryByRole("link", { name: "Website redesign" })).toBeNull())
    expect(api.sent.some((r) => r.path === "/projects" && r.query.get("search") === "CRM")).toBe(true)
  })

  it("filters by status, type, owner and client, sorts, and keeps the query in the URL", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin", ["deals", "projects"]) }),
      "GET /integration": () => ({ body: integrationView({ status: "active" }) }),
      "GET /projects/form": () => ({
        body: {
          layouts: [],
          fields: [],
          statuses: [{ id: "s1", name: "On Hold", closed: false }],
          owners: [{ zpuid: "z1", name: "Maria Manager", email: "manager@projects.demo.test" }],
          clients: [{ id: "1800", name: "Acme Corp" }],
        },
      }),
      "GET /projects": (request) =>
        request.query.get("clientId") === "1800"
          ? { body: { items: [project("p4", "Acme portal")], nextCursor: null } }
          : { body: { items: [project("p1", "Website redesign")], nextCursor: null } },
    })
    renderApp("/projects")
    await screen.findByRole("link", { name: "Website redesign" })
    fireEvent.change(await screen.findByLabelText("Client"), { target: { value: "1800" } })
    await screen.findByRole("option", { name: "On Hold" })
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "On Hold" } })
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "archived" } })
    fireEvent.change(screen.getByLabelText("Owner"), { target: { value: "manager@projects.demo.test" } })
    fireEvent.change(screen.getByLabelText("Sort by"), { target: { value: "-modified" } })
    fireEvent.submit(screen.getByLabelText("Search projects").closest("form") as HTMLFormElement)
    // The list reads its query from the URL's search parameters: what it sent came through them.
    await screen.findByRole("link", { name: "Acme portal" })
    const sent = api.sent.filter((r) => r.path === "/projects").at(-1)
    expect(Object.fromEntries(sent?.query ?? [])).toMatchObject({
      clientId: "1800",
      status: "On Hold",
      projectType: "archived",
      ownerEmail: "manager@projects.demo.test",
      sort: "-modified",
    })
  })
})
