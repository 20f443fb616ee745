import { fireEvent, screen, waitFor } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { User } from "../../api/types"
import { fakeApi, problem } from "../../test/fake-api"
import { meAs, profiles, renderApp } from "../../test/render-app"

const sam: User = {
  id: "u-sam",
  name: "Sam Standard",
  email: "sam@demo.test",
  active: true,
  profileId: "p-standard",
  profileName: "Standard",
  createdAt: "2026-11-01T10:00:00.000Z",
}

describe("users and profiles page", () => {
  it("changes a user's profile and shows a refused email at its field", async () => {
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /users": () => ({ body: { items: [meAs("admin").user, sam] } }),
      "GET /profiles": () => ({ body: { items: profiles } }),
      "PATCH /users/u-sam": () => ({ body: { ...sam, profileId: "p-admin", profileName: "Administrator" } }),
      "POST /users": () =>
        problem(409, "Email already used", [
          {
            field: "email",
            message: "a user with email sam@demo.test already exists",
            code: "EmailTaken",
            params: { email: "sam@demo.test" },
          },
        ]),
    })
    renderApp("/setup/users")
    fireEvent.change(await screen.findByLabelText("Profile of Sam Standard"), {
      target: { value: "p-admin" },
    })
    await screen.findByText("User Sam Standard updated.")
    expect(api.sent.find((r) => r.method === "PATCH")?.body).toEqual({ profileId: "p-admin" })

    fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Sam Again" } })
    fireEvent.input(screen.getByLabelText("Email"), { target: { value: "sam@demo.test" } })
    fireEvent.input(screen.getByLabelText("Initial password"), { target: { value: "long-enough" } })
    fireEvent.click(screen.getByRole("button", { name: "Add user" }))
    const email = screen.getByLabelText("Email")
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"))
    expect(screen.getByText("A user with the email sam@demo.test already exists.")).toBeTruthy()
    expect(api.sent.find((r) => r.method === "POST")?.body).toEqual({
      name: "Sam Again",
      email: "sam@demo.test",
      password: "long-enough",
      profileId: "p-standard",
    })
  })

  it("refuses the page to a Standard user", async () => {
    fakeApi({ "GET /me": () => ({ body: meAs("standard") }) })
    renderApp("/setup/users")
    expect((await screen.findByRole("alert")).textContent).toBe("You do not have permission to do this.")
  })
})
