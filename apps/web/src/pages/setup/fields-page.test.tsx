import { fireEvent, screen, waitFor } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { FieldMeta } from "../../api/types"
import { fakeApi, problem } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const standard: FieldMeta = {
  id: "f1",
  module: "accounts",
  apiName: "name",
  label: "Account Name",
  type: "text",
  required: true,
  unique: false,
  custom: false,
  position: 1,
}

describe("modules and fields page", () => {
  it("adds a picklist custom field with its options, and shows a refusal at the field", async () => {
    let fields: FieldMeta[] = [standard]
    let refuse = true
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /metadata/accounts/fields": () => ({ body: { items: fields } }),
      "POST /metadata/accounts/fields": (request) => {
        if (refuse) {
          refuse = false
          return problem(422, "Invalid field definition", [
            { field: "options", message: "a picklist needs at least one option" },
          ])
        }
        const created: FieldMeta = {
          ...standard,
          id: "f2",
          apiName: "tier",
          label: "Tier",
          type: "picklist",
          required: false,
          custom: true,
          options: ["Gold", "Silver"],
          position: 2,
        }
        expect(request.body).toEqual({
          label: "Tier",
          type: "picklist",
          required: false,
          options: ["Gold", "Silver"],
        })
        fields = [...fields, created]
        return { status: 201, body: created }
      },
    })
    renderApp("/setup/fields?module=accounts")
    await screen.findByRole("rowheader", { name: "Account Name" })
    fireEvent.input(screen.getByLabelText("Field label"), { target: { value: "Tier" } })
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "picklist" } })
    fireEvent.click(screen.getByRole("button", { name: "Add field" }))
    const options = await screen.findByLabelText("Picklist options (one a line)")
    await waitFor(() => expect(options.getAttribute("aria-invalid")).toBe("true"))
    expect(screen.getByText("This value is not valid.")).toBeTruthy()

    fireEvent.input(options, { target: { value: "Gold\n Silver \n\n" } })
    fireEvent.click(screen.getByRole("button", { name: "Add field" }))
    await screen.findByText("Field Tier added.")
    await screen.findByRole("rowheader", { name: "Tier" })
    expect(api.sent.filter((r) => r.method === "POST")).toHaveLength(2)
  })
})
