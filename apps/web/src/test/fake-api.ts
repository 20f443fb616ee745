// A stand-in for `/api/v1` in component tests: routes by "METHOD /path", records what was sent.
import { vi } from "vitest"

export interface SentRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly body: unknown
}

export interface Reply {
  readonly status?: number
  readonly body?: unknown
  /** A raw body instead of JSON (an event stream). */
  readonly text?: string
  readonly headers?: Record<string, string>
}

/** A server-sent event stream of a job's states: `progress` for each, `done` for a finished one. */
export function jobEvents(...states: ReadonlyArray<{ readonly status: string }>): Reply {
  const finished = ["succeeded", "failed", "cancelled"]
  return {
    text: states
      .map(
        (state) =>
          `event: ${finished.includes(state.status) ? "done" : "progress"}\ndata: ${JSON.stringify(state)}\n\n`,
      )
      .join(""),
    headers: { "Content-Type": "text/event-stream" },
  }
}

export type Handler = (request: SentRequest) => Reply

export function problem(
  status: number,
  title: string,
  errors: Array<{
    field: string
    message: string
    code?: string
    params?: Record<string, string | number>
  }> = [],
  extra: { code?: string; params?: Record<string, string | number>; detail?: string } = {},
): Reply {
  return {
    status,
    body: { type: "about:blank", title, status, ...extra, ...(errors.length ? { errors } : {}) },
    headers: { "Content-Type": "application/problem+json" },
  }
}

/** Installs a fake `fetch`; unknown routes answer 404 problem+json. */
export function fakeApi(routes: Record<string, Handler>) {
  const sent: SentRequest[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost")
    const path = url.pathname.replace(/^\/api\/v1/, "")
    const method = init?.method ?? "GET"
    const request: SentRequest = {
      method,
      path,
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    }
    sent.push(request)
    const exact = routes[`${method} ${path}`]
    const pattern = Object.entries(routes).find(([key]) => {
      const [m, p] = key.split(" ")
      return m === method && p !== undefined && new RegExp(`^${p.replace(/:[^/]+/g, "[^/]+")}$`).test(path)
    })?.[1]
    const handler = exact ?? pattern
    const reply = handler ? handler(request) : problem(404, "Not Found")
    const status = reply.status ?? 200
    if (reply.text !== undefined) return new Response(reply.text, { status, headers: reply.headers })
    return new Response(status === 204 || reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { "Content-Type": "application/json", ...reply.headers },
    })
  })
  vi.stubGlobal("fetch", fetchMock)
  return { sent }
}
