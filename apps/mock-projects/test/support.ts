/** Shared set-up for the mock's HTTP tests: an in-process mock on a frozen clock, and request helpers. */
import { createMockProjects, type MockProjectsOptions } from "../src/index.js"

export const OWNER = "owner@projects.demo.test"
export const ADMIN = "admin@projects.demo.test"
export const MANAGER = "manager@projects.demo.test"
export const EMPLOYEE = "employee@projects.demo.test"
export const START = Date.UTC(2026, 0, 1, 12)

export const setup = async (options: MockProjectsOptions = { demo: true }) => {
  const mock = createMockProjects({ startTime: START, ...options })
  const state = await mock.control.state()
  const portalId = state.portals[0]?.id ?? ""
  const tokens = new Map<string, string>()
  const tokenOf = async (email: string) => {
    let t = tokens.get(email)
    if (t === undefined) {
      t = (await mock.control.tokens(email)).access_token
      tokens.set(email, t)
    }
    return t
  }
  const call = async (
    method: string,
    path: string,
    options: { as?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.as !== undefined && headers.authorization === undefined && headers["x-zsc-key"] === undefined)
      headers.authorization = `Zoho-oauthtoken ${await tokenOf(options.as)}`
    let body: string | undefined
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body)
      headers["content-type"] ??= "application/json"
    }
    const url = path.startsWith("/") ? path : `/api/v3/portal/${portalId}/${path}`
    const res = await mock.app.request(url, { method, headers, ...(body === undefined ? {} : { body }) })
    const text = await res.text()
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    const json: any = text === "" ? undefined : JSON.parse(text)
    return { status: res.status, headers: res.headers, json, text }
  }
  /** After reset/restore/seed the emulator forgets tokens minted since: mint again. */
  const forgetTokens = () => tokens.clear()
  return { mock, control: mock.control, portalId, call, tokenOf, forgetTokens }
}
