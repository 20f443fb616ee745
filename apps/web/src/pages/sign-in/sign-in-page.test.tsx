import { fireEvent, screen, waitFor } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import { fakeApi, problem } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const signedOut = { "GET /me": () => problem(401, "Unauthorized") }

function submit(email: string, password: string) {
  fireEvent.input(screen.getByLabelText("Email"), { target: { value: email } })
  fireEvent.input(screen.getByLabelText("Password"), { target: { value: password } })
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }))
}

describe("sign-in page", () => {
  it("says the email or password is wrong when the server refuses them", async () => {
    fakeApi({ ...signedOut, "POST /session": () => problem(401, "Unauthorized") })
    renderApp("/sign-in")
    await screen.findByRole("heading", { name: "Sign in" })
    submit("admin@demo.test", "wrong")
    expect((await screen.findByRole("alert")).textContent).toBe("The email or password is incorrect.")
    expect(screen.getByLabelText("Password").getAttribute("aria-invalid")).toBe("true")
  })

  it("tells a throttled user how long to wait", async () => {
    fakeApi({
      ...signedOut,
      "POST /session": () => ({ ...problem(429, "Too Many Requests"), headers: { "Retry-After": "42" } }),
    })
    renderApp("/sign-in")
    await screen.findByRole("heading", { name: "Sign in" })
    submit("admin@demo.test", "wrong")
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Too many failed sign-ins. Try again in 42 seconds.",
    )
  })

  it("signs in, keeps the CSRF token and goes to the page asked for", async () => {
    let signedIn = false
    const api = fakeApi({
      "GET /me": () => (signedIn ? { body: meAs("admin") } : problem(401, "Unauthorized")),
      "POST /session": () => {
        signedIn = true
        return { status: 201, body: { csrfToken: "csrf-1" } }
      },
      "GET /metadata/:module/fields": () => ({ body: { items: [] } }),
      "GET /accounts": () => ({ body: { items: [], nextCursor: null } }),
    })
    const { history } = renderApp("/sign-in?next=%2Faccounts")
    await screen.findByRole("heading", { name: "Sign in" })
    submit(" admin@demo.test ", "secret-pass")
    await screen.findByRole("heading", { name: "Accounts" })
    await waitFor(() => expect(history.get()).toBe("/accounts"))
    expect(api.sent.find((r) => r.method === "POST")?.body).toEqual({
      email: "admin@demo.test",
      password: "secret-pass",
    })
  })
})
