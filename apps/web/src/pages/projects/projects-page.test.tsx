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
    await screen.findByRole("link", { name: "Website redesign" })
    fireEvent.click(screen.getByRole("button", { name: "Load more" }))
    await screen.findByRole("link", { name: "Mobile app" })
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull()

    fireEvent.input(screen.getByLabelText("Search projects"), { target: { value: "CRM" } })
    fireEvent.submit(screen.getByLabelText("Search projects").closest("form") as HTMLFormElement)
    await screen.findByRole("link", { name: "CRM rollout" })
    await waitFor(() => expect(screen.queryByRole("link", { name: "Website redesign" })).toBeNull())
    expect(api.sent.some((r) => r.path === "/projects" && r.query.get("search") === "CRM")).toBe(true)
  })
})
