import { fireEvent, screen, within } from "@solidjs/testing-library"
import { describe, expect, it } from "vitest"
import { fakeApi } from "../../test/fake-api"
import { meAs, renderApp } from "../../test/render-app"

const endpoint = {
  id: "e1",
  url: "https://hooks.example.test/crm",
  description: "",
  eventTypes: ["project.created"],
  enabled: true,
  createdAt: "2026-11-01T10:00:00.000Z",
}

describe("Events page", () => {
  it("registers an endpoint, shows its secret once, and redelivers from the delivery log", async () => {
    const sent: Array<{ method: string; path: string; body: unknown }> = []
    const api = fakeApi({
      "GET /me": () => ({ body: meAs("admin") }),
      "GET /event-endpoints": () => ({ body: { items: [endpoint] } }),
      "POST /event-endpoints": (request) => {
        sent.push({ method: "POST", path: "/event-endpoints", body: request.body })
        return { status: 201, body: { ...endpoint, id: "e2", secret: "whsec_shown_once" } }
      },
      "GET /event-endpoints/e1/deliveries": () => ({
        body: {
          items: [
            {
              id: "d1",
              endpointId: "e1",
              status: "delivered",
              event: {
                id: "00000000-0000-4000-8000-000000000001",
                seq: 1,
                type: "project.created",
                organizationId: "00000000-0000-4000-8000-000000000002",
                createdAt: "2026-11-01T10:00:00.000Z",
                data: {},
              },
              attempts: [
                { at: "2026-11-01T10:00:00.000Z", status: 500, error: null, body: "boom", durationMs: 3 },
                { at: "2026-11-01T10:00:05.000Z", status: 200, error: null, body: "ok", durationMs: 2 },
              ],
              createdAt: "2026-11-01T10:00:00.000Z",
              deliveredAt: "2026-11-01T10:00:05.000Z",
            },
          ],
          nextCursor: null,
        },
      }),
      "POST /event-deliveries/d1/redeliver": () => {
        sent.push({ method: "POST", path: "/event-deliveries/d1/redeliver", body: undefined })
        return { status: 202, body: { jobId: "j1" } }
      },
    })
    renderApp("/setup/events")
    await screen.findByText("https://hooks.example.test/crm")
    fireEvent.input(screen.getByLabelText("Endpoint URL"), {
      target: { value: "https://hooks.example.test/new" },
    })
    fireEvent.click(screen.getByLabelText("Sync finished"))
    fireEvent.click(screen.getByRole("button", { name: "Register endpoint" }))
    const secret = (await screen.findByLabelText("Signing secret")) as HTMLInputElement
    expect(secret.value).toBe("whsec_shown_once")
    expect(sent[0]?.body).toEqual({ url: "https://hooks.example.test/new", eventTypes: ["sync.finished"] })

    fireEvent.click(screen.getByRole("button", { name: "Deliveries" }))
    const row = await screen.findByRole("row", { name: /Project created/ })
    expect(within(row).getByText("Delivered")).toBeTruthy()
    expect(within(row).getByText("2 attempts")).toBeTruthy()
    expect(within(row).getByText("HTTP 200")).toBeTruthy()
    fireEvent.click(within(row).getByRole("button", { name: "Redeliver" }))
    await screen.findByText("Queued again.")
    expect(sent.map((s) => s.path)).toContain("/event-deliveries/d1/redeliver")
    expect(api.sent.length).toBeGreaterThan(0)
  })
})
