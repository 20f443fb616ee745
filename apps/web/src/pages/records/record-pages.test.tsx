import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { CrmRecord, FieldMeta } from "../../api/types"
import { fakeApi, problem } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const field = (apiName: string, label: string, type: FieldMeta["type"], position: number): FieldMeta => ({
  id: `f-${apiName}`,
  module: "accounts",
  apiName,
  label,
  type,
  required: apiName === "name",
  unique: false,
  custom: false,
  position,
})

const fields: FieldMeta[] = [
  field("name", "Account Name", "text", 1),
  field("website", "Website", "url", 2),
  field("description", "Description", "textarea", 3),
  field("employees", "Employees", "number", 4),
  { ...field("industry", "Industry", "picklist", 5), options: ["Retail", "Software"] },
]

const account = (n: number): CrmRecord => ({
  id: `a${n}`,
  module: "accounts",
  name: `Account ${n}`,
  createdAt: "2026-11-01T10:00:00.000Z",
  updatedAt: "2026-11-01T10:00:00.000Z",
  values: { name: `Account ${n}`, website: `https://a${n}.test`, employees: n, industry: "Retail" },
})

describe("record list", () => {
  it("shows the metadata columns (without long text) and loads the next page on demand", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /metadata/accounts/fields": () => ({ body: { items: fields } }),
      "GET /accounts": (request) =>
        request.query.get("cursor") === "page-2"
          ? { body: { items: [account(3)], nextCursor: null } }
          : { body: { items: [account(1), account(2)], nextCursor: "page-2" } },
    })
    renderApp("/accounts")
    const table = await screen.findByRole("table")
    await within(table).findByRole("link", { name: "Account 1" })
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Account Name", "Website", "Employees", "Industry"])
    fireEvent.click(screen.getByRole("button", { name: "Load more" }))
    await within(table).findByRole("link", { name: "Account 3" })
    expect(within(table).getAllByRole("row")).toHaveLength(4)
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull()
    expect(api.sent.filter((r) => r.path === "/accounts").map((r) => r.query.get("cursor"))).toEqual([
      null,
      "page-2",
    ])
  })

  it("searches through the server", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /metadata/accounts/fields": () => ({ body: { items: fields } }),
      "GET /accounts": (request) =>
        request.query.get("search") === "zeta"
          ? { body: { items: [{ ...account(9), name: "Zeta" }], nextCursor: null } }
          : { body: { items: [account(1)], nextCursor: null } },
    })
    renderApp("/accounts")
    await screen.findByRole("link", { name: "Account 1" })
    const search = screen.getByLabelText("Search Accounts") as HTMLInputElement
    fireEvent.input(search, { target: { value: "zeta" } })
    fireEvent.click(screen.getByRole("button", { name: "Search" }))
    await screen.findByRole("link", { name: "Zeta" })
    expect(api.sent.some((r) => r.path === "/accounts" && r.query.get("search") === "zeta")).toBe(true)
  })
})

describe("record form", () => {
  it("opens from the list even though the list already loaded the fields", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /metadata/accounts/fields": () => ({ body: { items: fields } }),
      "GET /accounts": () => ({ body: { items: [account(1)], nextCursor: null } }),
    })
    renderApp("/accounts")
    fireEvent.click(await screen.findByRole("link", { name: "New account" }))
    expect(await screen.findByLabelText(/Account Name/)).toBeTruthy()
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("New account")
  })

  it("shows the server's refusal at the field and focuses it", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /metadata/accounts/fields": () => ({ body: { items: fields } }),
      "GET /accounts/a1": () => ({ body: account(1) }),
      "PATCH /accounts/a1": () =>
        problem(422, "Invalid accounts record", [
          { field: "website", message: "must be a URL", code: "url" },
        ]),
    })
    renderApp("/accounts/a1/edit")
    const website = await screen.findByLabelText("Website")
    expect((website as HTMLInputElement).value).toBe("https://a1.test")
    fireEvent.input(website, { target: { value: "not a url" } })
    fireEvent.click(screen.getByRole("button", { name: "Save" }))
    await waitFor(() => expect(website.getAttribute("aria-invalid")).toBe("true"))
    const describedBy = website.getAttribute("aria-describedby") ?? ""
    expect(document.getElementById(describedBy)?.textContent).toBe(
      "Must be a web address starting with http:// or https://.",
    )
    await waitFor(() => expect(document.activeElement).toBe(website))
    expect(api.sent.find((r) => r.method === "PATCH")?.body).toEqual({
      values: {
        name: "Account 1",
        website: "not a url",
        description: null,
        employees: 1,
        industry: "Retail",
      },
    })
  })

  it("creates a record and opens it", async () => {
    fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /metadata/accounts/fields": () => ({ body: { items: fields } }),
      "POST /accounts": () => ({ status: 201, body: account(7) }),
      "GET /accounts/a7": () => ({ body: account(7) }),
    })
    const { history } = renderApp("/accounts/new")
    fireEvent.input(await screen.findByLabelText(/Account Name/), { target: { value: "Account 7" } })
    fireEvent.click(screen.getByRole("button", { name: "Save" }))
    await screen.findByRole("heading", { name: "Account 7", level: 1 })
    await waitFor(() => expect(history.get()).toBe("/accounts/a7"))
  })
})
