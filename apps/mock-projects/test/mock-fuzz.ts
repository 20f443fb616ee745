/**
 * Fuzzes every route the mock serves (the emulated REST API, OAuth and the `/__mock` control API)
 * with fast-check, as the portal owner, an Employee and an anonymous caller: every answer below 500,
 * every refusal in the error envelope (problem+json when asked for), and no refused request changes
 * the emulator's data (its change log and state summary before and after).
 */
import fc from "fast-check"
import { createMockProjects } from "../src/index.js"
import { OWNER, START } from "./support.js"

export const MOCK_IDENTITIES = ["owner", "employee", "anonymous"] as const
type Identity = (typeof MOCK_IDENTITIES)[number]

export interface MockFuzzFigures {
  readonly requests: number
  readonly routes: number
  readonly byIdentity: Record<string, number>
  readonly byStatus: Record<string, number>
  readonly refused: number
  readonly failures: ReadonlyArray<string>
}

const FIELDS = [
  "name",
  "description",
  "owner",
  "status",
  "start_date",
  "end_date",
  "clients",
  "custom_fields",
  "layout",
  "email",
  "role",
  "project_ids",
  "client_id",
  "user_id",
  "url",
  "events",
  "is_active",
  "enabled",
  "limit",
  "window_s",
  "lockout_s",
  "kind",
  "seconds",
  "ms",
  "seed",
  "projects",
  "portals",
  "users",
  "clientUsers",
  "customFields",
  "demo",
  "type",
  "portal_id",
  "id",
  "reseed",
  "path",
  "method",
  "latency_ms",
  "scopes",
  "expires_in",
  "refresh",
  "grant_type",
  "code",
  "client_id",
  "client_secret",
  "redirect_uri",
  "refresh_token",
]
const HOSTILE = [
  "",
  "\u0000",
  "x".repeat(3000),
  "' or 1=1 --",
  "<script>",
  "../..",
  "%00",
  "😀",
  "-1",
  "1e30",
  "null",
]

const value = (ids: ReadonlyArray<string>) =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer({ min: -10, max: 3_000_000 }),
    fc.boolean(),
    fc.constantFrom(...HOSTILE, ...ids),
    fc.constantFrom(1e30, -1e30, 0.5, Number.MAX_SAFE_INTEGER),
    fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...ids)), { maxLength: 3 }),
  )

/** Runs `requests` fuzzed requests against an in-process mock (demo seed); returns the figures. */
export const fuzzMock = async (options: { readonly requests: number; readonly seed: number }) => {
  const mock = createMockProjects({ demo: true, startTime: START })
  const routes = mock.app.routes
  const tokens: Record<Identity, string | undefined> = {
    owner: undefined,
    employee: undefined,
    anonymous: undefined,
  }
  const prepare = async () => {
    await mock.control.faults.clear()
    // A fuzzed seed, reset or namespace drop that succeeded leaves other data: back to the demo seed.
    const current = await mock.control.state({ allUsers: true })
    if (current.portals.length === 0 || !current.users.some((u) => u.email === OWNER)) {
      await mock.control.reset()
      await mock.control.seed({ demo: true })
    }
    const seeded = await mock.control.state({ allUsers: true })
    // Someone of the portal who is neither its owner nor an administrator: the "Standard user" here.
    const employee =
      seeded.users.find((u) => u.portals.some((p) => !p.is_owner && p.role === "Employee")) ??
      seeded.users.find((u) => u.email !== OWNER)
    tokens.owner = (await mock.control.tokens(OWNER)).access_token
    tokens.employee = employee ? (await mock.control.tokens(employee.email)).access_token : undefined
  }
  await prepare()
  const state = await mock.control.state({ allUsers: true })
  const portalId = state.portals[0]?.id ?? ""
  const ids = new Set<string>([portalId, OWNER])
  for (const user of state.users) ids.add(user.email)
  for (const user of state.users) for (const p of user.portals) ids.add(p.zpuid)
  const listing = await mock.app.request(`/api/v3/portal/${portalId}/projects?status=all`, {
    headers: { authorization: `Zoho-oauthtoken ${tokens.owner}` },
  })
  for (const project of (await listing.json()) as Array<{ id: string }>) ids.add(project.id)
  const known = [...ids]

  const param = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
  )
  const arbitrary = fc
    .record({ identity: fc.constantFrom(...MOCK_IDENTITIES), route: fc.constantFrom(...routes) })
    .chain(({ identity, route }) =>
      fc.record({
        identity: fc.constant(identity),
        route: fc.constant(route),
        params: fc.array(param, { minLength: 4, maxLength: 4 }),
        query: fc.dictionary(
          fc.constantFrom(...FIELDS, "page", "per_page", "since", "users"),
          value(known).map(String),
          {
            maxKeys: 3,
          },
        ),
        body: fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .dictionary(fc.constantFrom(...FIELDS), value(known), { maxKeys: 5 })
              .map((b) => JSON.stringify(b)),
          },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)) },
          { weight: 1, arbitrary: fc.constantFrom("{", "", `${"[".repeat(3000)}${"]".repeat(3000)}`, "a=1") },
        ),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant("application/json") },
          { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded") },
        ),
        problemJson: fc.boolean(),
        foreignHost: fc.oneof(
          { weight: 9, arbitrary: fc.constant(false) },
          { weight: 1, arbitrary: fc.constant(true) },
        ),
      }),
    )
  const samples = fc.sample(arbitrary, { numRuns: options.requests, seed: options.seed })

  const emulator = () => mock.registry.get()
  // The change log of the emulated data (not the request journal) and the state summary.
  const fingerprint = () => {
    const { changes } = emulator().state
    return `${changes.length}:${changes.at(-1)?.seq ?? 0}|${JSON.stringify(emulator().summary(500))}`
  }
  const failures: Array<string> = []
  const byIdentity: Record<string, number> = {}
  const byStatus: Record<string, number> = {}
  let refused = 0
  let n = 0
  for (const sample of samples) {
    if (n++ % 50 === 0) await prepare()
    let i = 0
    const path = sample.route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(sample.params[i++] ?? ""))
    const qs = new URLSearchParams(sample.query).toString()
    const method = sample.route.method
    const hasBody = method !== "GET" && method !== "DELETE"
    const token = tokens[sample.identity]
    const headers: Record<string, string> = {
      ...(token ? { authorization: `Zoho-oauthtoken ${token}` } : {}),
      ...(hasBody ? { "content-type": sample.contentType } : {}),
      ...(sample.problemJson ? { accept: "application/problem+json" } : {}),
    }
    const origin = sample.foreignHost ? "http://rebound.attacker.test" : "http://127.0.0.1"
    const before = fingerprint()
    const response = await mock.app.fetch(
      new Request(`${origin}${path}${qs ? `?${qs}` : ""}`, {
        method,
        headers,
        ...(hasBody ? { body: sample.body } : {}),
        redirect: "manual",
      }),
    )
    const text = await response.text()
    byIdentity[sample.identity] = (byIdentity[sample.identity] ?? 0) + 1
    byStatus[String(response.status)] = (byStatus[String(response.status)] ?? 0) + 1
    const label = `${sample.identity} ${method} ${path.slice(0, 120)} ${hasBody ? sample.body.slice(0, 200) : ""} → ${response.status}`
    if (response.status >= 500) failures.push(`${label} ${text.slice(0, 200)}`)
    else if (response.status >= 400) {
      refused++
      let envelope: { error?: { title?: unknown } } | undefined
      try {
        envelope = JSON.parse(text) as typeof envelope
      } catch {
        envelope = undefined
      }
      const type = response.headers.get("content-type") ?? ""
      if (sample.route.path === "/oauth/v2/auth" && type.includes("text/html")) {
        // The consent page answers a person in a browser: its refusal is a page, with input escaped.
        if (text.includes("<script>")) failures.push(`${label} repeats markup from the request`)
      } else {
        if (typeof envelope?.error?.title !== "string") failures.push(`${label} without the error envelope`)
        if (sample.problemJson && !type.includes("application/problem+json")) {
          failures.push(`${label} not problem+json though asked`)
        }
      }
      if (fingerprint() !== before) failures.push(`${label} changed the emulator's data`)
    } else if (path.startsWith("/__mock/")) {
      // A control call that succeeded may have injected faults or slowed lists: undo before going on.
      if (
        path.startsWith("/__mock/faults") ||
        path.startsWith("/__mock/rate-limit") ||
        path === "/__mock/events"
      ) {
        await mock.app.request("/__mock/faults", { method: "DELETE" })
        await mock.control.rateLimit({ enabled: false })
        await mock.control.event({ type: "projects.list_delay", seconds: 0 })
        await mock.control.event({ type: "webhooks.duplicate", enabled: false })
        await mock.control.event({ type: "webhooks.out_of_order", enabled: false })
      }
      await prepare()
    }
  }
  mock.dispose()
  return {
    requests: samples.length,
    routes: routes.length,
    byIdentity,
    byStatus,
    refused,
    failures,
  } satisfies MockFuzzFigures
}
