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
      userId: "u-standard",
      expiresAt: null,
      scopes: [],
      rateLimitPerMinute: 600,
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
})
