import { fireEvent, screen, within } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import type { ApiToken } from "../../api/types"
import { fakeApi } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

describe("API tokens page", () => {
  it("shows a new token once with a copy button, and revokes a token after confirmation", async () => {
    const token = (id: string, name: string): ApiToken => ({
      id,
      name,
      prefix: `crm_${id}`,
      createdAt: "2026-11-01T10:00:00.000Z",
      lastUsedAt: null,
      revokedAt: null,
      scopes: id === "t1" ? ["projects:read"] : ["projects:read", "projects:write"],
      expiresAt: null,
      rateLimitPerMinute: 600,
      userId: "u1",
    })
    let tokens: ApiToken[] = [token("t1", "CI")]
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /tokens": () => ({ body: { items: tokens } }),
      "POST /tokens": (request) => {
        const created = token("t2", String((request.body as { name: string }).name))
        tokens = [...tokens, created]
        return { status: 201, body: { ...created, token: "crm_secret_value" } }
      },
      "DELETE /tokens/t1": () => {
        tokens = tokens.filter((t) => t.id !== "t1")
        return { status: 204 }
      },
    })
    renderApp("/setup/tokens")
    await screen.findByRole("rowheader", { name: /CI/ })
    fireEvent.input(screen.getByLabelText("Token name"), { target: { value: "Zapier" } })
    fireEvent.click(screen.getByRole("button", { name: "Create token" }))
    const secret = (await screen.findByLabelText("Token")) as HTMLInputElement
    expect(secret.value).toBe("crm_secret_value")
    expect(screen.getByText("Copy this token now. It will not be shown again.")).toBeTruthy()
    expect(screen.getByRole("button", { name: "Copy" })).toBeTruthy()
    await screen.findByRole("rowheader", { name: /Zapier/ })

    fireEvent.click(screen.getByRole("button", { name: "Revoke CI" }))
    const confirm = screen.getByRole("group", { name: /Revoke the token CI/ })
    fireEvent.click(within(confirm).getByRole("button", { name: "Revoke" }))
    await screen.findByText("Token CI revoked.")
    expect(screen.queryByRole("rowheader", { name: /CI/ })).toBeNull()
    expect(api.sent.some((r) => r.method === "DELETE" && r.path === "/tokens/t1")).toBe(true)
  })

  it("creates a token with the ticked scopes and an expiry, and lists each token's scopes and limit", async () => {
    const sent: Array<unknown> = []
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("standard") }),
      "GET /tokens": () => ({
        body: {
          items: [
            {
              id: "t1",
              name: "Reader",
              prefix: "crm_…abc",
              createdAt: "2026-11-01T10:00:00.000Z",
              lastUsedAt: null,
              revokedAt: null,
              scopes: ["projects:read"],
              expiresAt: null,
              rateLimitPerMinute: 120,
              userId: "u1",
            },
          ],
        },
      }),
      "POST /tokens": (request) => {
        sent.push(request.body)
        return { status: 201, body: { id: "t2", name: "Writer", token: "crm_new", scopes: [], userId: "u1" } }
      },
    })
    renderApp("/setup/tokens")
    const row = await screen.findByRole("row", { name: /Reader/ })
    expect(within(row).getByText("Read projects")).toBeTruthy()
    expect(within(row).getByText("120 requests per minute")).toBeTruthy()
    fireEvent.input(screen.getByLabelText("Token name"), { target: { value: "Writer" } })
    fireEvent.click(screen.getByLabelText("Create, edit and delete projects"))
    fireEvent.input(screen.getByLabelText("Expires on (optional)"), { target: { value: "2027-01-31" } })
    fireEvent.click(screen.getByRole("button", { name: "Create token" }))
    await screen.findByLabelText("Token")
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ name: "Writer", scopes: ["projects:write"] })
    expect(new Date((sent[0] as { expiresAt: string }).expiresAt).getFullYear()).toBe(2027)
    expect(api.sent.some((r) => r.method === "POST")).toBe(true)
  })
})
