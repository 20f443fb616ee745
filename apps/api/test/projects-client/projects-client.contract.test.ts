/**
 * Contract of the Projects API client against the mock Projects server over HTTP: what the client
 * decodes is what the mock (and, by the shared reference, the real service) sends.
 */
import {
  oauth,
  ProjectsClient,
  ProjectsClientConfig,
  type ProjectsClientSettings,
  serviceKey,
} from "@app/core/projects-client"
import { type MockProjectsHandle, startMockProjects } from "@app/mock-projects"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Layer, Option, Redacted } from "effect"

const startMock = (options: Parameters<typeof startMockProjects>[0]) =>
  Effect.acquireRelease(
    Effect.promise(() => startMockProjects(options)),
    (mock) => Effect.promise(() => mock.close()),
  )

const clientOf = (mock: MockProjectsHandle, settings: Partial<ProjectsClientSettings> = {}) =>
  ProjectsClient.pipe(
    Effect.provide(
      ProjectsClient.DefaultWithoutDependencies.pipe(
        Layer.provide(
          Layer.succeed(
            ProjectsClientConfig,
            ProjectsClientConfig.with({
              apiUrl: mock.url,
              accountsUrl: mock.url,
              baseDelay: Duration.millis(10),
              maxDelay: Duration.millis(50),
              ...settings,
            }),
          ),
        ),
      ),
    ),
  )

const seededPortal = (mock: MockProjectsHandle) =>
  Effect.gen(function* () {
    const state = yield* Effect.promise(() => mock.control.state())
    const portal = state.portals[0]
    const email = portal?.owner?.email
    if (portal === undefined || email === undefined)
      return yield* Effect.dieMessage("seed has no owned portal")
    const { key } = yield* Effect.promise(() => mock.control.keys(email))
    if (key === undefined) return yield* Effect.dieMessage("owner has no key")
    return { portal, email, key: Redacted.make(key) }
  })

describe("Projects API client against the mock server", () => {
  it.scoped("lists every project of a seeded portal across pages with the owner's service key", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 7, projects: 250 })
      const { portal, email, key } = yield* seededPortal(mock)
      const api = yield* (yield* clientOf(mock)).connect(serviceKey(email, key))
      expect((yield* api.listPortals()).map((p) => p.id)).toContain(portal.id)
      const all = yield* api.listAllProjects(portal.id, { status: "all" })
      expect(all).toHaveLength(portal.counts.projects ?? -1)
      expect(new Set(all.map((p) => p.id)).size).toBe(all.length)
      const active = yield* api.listAllProjects(portal.id)
      expect(active).toHaveLength(portal.counts.projects_active ?? -1)
      const customised = all.filter((p) =>
        Object.keys(p.custom_fields).some((k) => k.startsWith("projects_cf_")),
      )
      expect(customised.length).toBeGreaterThan(0)
      const pages = yield* Effect.promise(() =>
        mock.control.journal({ type: "request", path: "/api/v3/portal/*/projects" }),
      )
      expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(all.length / 200) + 1)
    }),
  )

  it.scoped("reports ServiceKeyRejected for a regenerated key, and works with the new one", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 8, projects: 3 })
      const { portal, email, key } = yield* seededPortal(mock)
      const client = yield* clientOf(mock)
      const before = yield* client.connect(serviceKey(email, key))
      yield* before.getPortal(portal.id)
      const regenerated = yield* Effect.promise(() => mock.control.regenerateKey(email))
      const error = yield* before.getPortal(portal.id).pipe(Effect.flip)
      expect(error._tag).toBe("ServiceKeyRejected")
      expect(error.message).not.toContain(Redacted.value(key))
      const after = yield* client.connect(serviceKey(email, Redacted.make(regenerated.key ?? "")))
      expect((yield* after.getPortal(portal.id)).id).toBe(portal.id)
    }),
  )

  it.scoped("completes the OAuth code flow with login_hint, then refreshes and revokes", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 9, projects: 5 })
      const { portal, email } = yield* seededPortal(mock)
      const client = yield* clientOf(mock)
      const redirectUri = "http://127.0.0.1:3999/api/v1/integration/oauth/callback"
      const authorize = client.authorizationUrl({
        clientId: "crm-client",
        redirectUri,
        scopes: ["ZohoProjects.portals.ALL", "ZohoProjects.projects.ALL", "AaaServer.profile.READ"],
        state: "state-123",
        loginHint: email,
      })
      const response = yield* Effect.promise(() => fetch(authorize, { redirect: "manual" }))
      const location = new URL(response.headers.get("location") ?? "http://invalid/")
      expect(location.origin + location.pathname).toBe(redirectUri)
      expect(location.searchParams.get("state")).toBe("state-123")
      const code = location.searchParams.get("code") ?? ""
      const clientSecret = Redacted.make("crm-secret")
      const grant = yield* client.exchangeCode({ clientId: "crm-client", clientSecret, code, redirectUri })
      expect(Option.isSome(grant.refreshToken)).toBe(true)
      const again = yield* client
        .exchangeCode({ clientId: "crm-client", clientSecret, code, redirectUri })
        .pipe(Effect.flip)
      expect(again._tag).toBe("OAuthTokenRejected")
      expect((yield* client.userInfo(grant.accessToken)).Email).toBe(email)
      const refreshToken = Option.getOrThrow(grant.refreshToken)
      const api = yield* client.connect(
        oauth({ accessToken: grant.accessToken, refreshToken, clientId: "crm-client", clientSecret }),
      )
      expect((yield* api.listPortals()).map((p) => p.id)).toContain(portal.id)
      const refreshed = yield* client.refreshAccessToken({
        clientId: "crm-client",
        clientSecret,
        refreshToken,
      })
      expect(Redacted.value(refreshed.accessToken)).not.toBe(Redacted.value(grant.accessToken))
      yield* client.revokeToken(refreshToken)
      const revoked = yield* client
        .refreshAccessToken({ clientId: "crm-client", clientSecret, refreshToken })
        .pipe(Effect.flip)
      expect(revoked._tag).toBe("OAuthTokenRejected")
    }),
  )

  it.scoped("refreshes an access token the service expired and retries the call once", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 12, projects: 2 })
      const { portal, email } = yield* seededPortal(mock)
      const client = yield* clientOf(mock)
      const redirectUri = "http://127.0.0.1:3999/cb"
      const authorize = client.authorizationUrl({
        clientId: "crm-client",
        redirectUri,
        scopes: ["ZohoProjects.portals.ALL"],
        state: "s",
        loginHint: email,
      })
      const response = yield* Effect.promise(() => fetch(authorize, { redirect: "manual" }))
      const code =
        new URL(response.headers.get("location") ?? "http://invalid/").searchParams.get("code") ?? ""
      const clientSecret = Redacted.make("crm-secret")
      const grant = yield* client.exchangeCode({ clientId: "crm-client", clientSecret, code, redirectUri })
      const stored: Array<string> = []
      const api = yield* client.connect(
        oauth({
          accessToken: grant.accessToken,
          refreshToken: Option.getOrThrow(grant.refreshToken),
          clientId: "crm-client",
          clientSecret,
          onRefresh: (tokens) => Effect.sync(() => stored.push(Redacted.value(tokens.accessToken))),
        }),
      )
      yield* Effect.promise(() => mock.control.clockAdvance(3700))
      expect((yield* api.getPortal(portal.id)).id).toBe(portal.id)
      expect(stored).toHaveLength(1)
      expect(stored[0]).not.toBe(Redacted.value(grant.accessToken))
    }),
  )

  it.scoped("does not sit out a rate-limit lock-out: it fails at once saying how long it lasts", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 13, projects: 2 })
      const { portal, email, key } = yield* seededPortal(mock)
      yield* Effect.promise(() =>
        mock.control.rateLimit({ enabled: true, limit: 2, window_s: 120, lockout_s: 1800 }),
      )
      const api = yield* (yield* clientOf(mock)).connect(serviceKey(email, key))
      yield* api.getPortal(portal.id)
      yield* api.getPortal(portal.id)
      const error = yield* api.getPortal(portal.id).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "ProjectsUnavailable", reason: "rate-limited", attempts: 1 })
      if (error._tag === "ProjectsUnavailable") expect(error.retryAfterSeconds).toBeGreaterThan(120)
    }),
  )

  // Live clock: backoff, Retry-After and the request timeout must elapse against a real server.
  it.live("ends with exactly the portal's projects under 5xx, 429, latency and a dropped connection", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 10, projects: 450 })
      const { portal, email, key } = yield* seededPortal(mock)
      const path = "/api/v3/portal/*/projects"
      yield* Effect.promise(async () => {
        await mock.control.faults.add({ kind: "status", method: "GET", path, status: 500, count: 2 })
        await mock.control.faults.add({ kind: "drop", method: "GET", path, count: 1 })
        await mock.control.faults.add({ kind: "rate_limit", method: "GET", path, retry_after: 1, count: 1 })
        await mock.control.faults.add({ kind: "latency", method: "GET", path, latency_ms: 3000, count: 1 })
      })
      const api = yield* (yield* clientOf(mock, { requestTimeout: Duration.seconds(1) })).connect(
        serviceKey(email, key),
      )
      const all = yield* api.listAllProjects(portal.id, { status: "all" })
      expect(new Set(all.map((p) => p.id)).size).toBe(portal.counts.projects)
      expect(all).toHaveLength(portal.counts.projects ?? -1)
      const answered = yield* Effect.promise(() => mock.control.journal({ type: "request", path }))
      expect(answered.length).toBeGreaterThan(Math.ceil(all.length / 200) + 1)
    }).pipe(Effect.scoped),
  )

  it.scoped("speaks every operation the integration uses", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ seed: 11, projects: 4, clients: 3, clientUsers: 4, customFields: 3 })
      const { portal, email, key } = yield* seededPortal(mock)
      const api = yield* (yield* clientOf(mock)).connect(serviceKey(email, key))

      const fields = yield* api.listProjectFields(portal.id)
      expect(fields.some((f) => f.api_name === "name")).toBe(true)
      expect(fields.filter((f) => f.is_custom_field === true).length).toBe(3)
      expect((yield* api.listLayouts(portal.id)).length).toBeGreaterThan(0)
      expect((yield* api.listStatuses(portal.id)).map((s) => s.name)).toContain("Active")

      const created = yield* api.createProject(portal.id, { name: "Contract check", description: "<p>x</p>" })
      expect(created.name).toBe("Contract check")
      const updated = yield* api.updateProject(portal.id, created.id, { description: "<p>y</p>" })
      expect(updated.description).toBe("<p>y</p>")
      expect((yield* api.getProject(portal.id, created.id)).id).toBe(created.id)
      const duplicate = yield* api.createProject(portal.id, { name: "contract CHECK" }).pipe(Effect.flip)
      expect(duplicate).toMatchObject({ _tag: "ProjectsValidationFailed", status: 409 })
      const missing = yield* api.createProject(portal.id, { name: "" }).pipe(Effect.flip)
      expect(missing).toMatchObject({ _tag: "ProjectsValidationFailed", status: 400 })
      if (missing._tag === "ProjectsValidationFailed")
        expect(missing.fields.map((f) => f.field)).toContain("name")
      yield* api.trashProject(portal.id, created.id)
      expect((yield* api.getProject(portal.id, created.id).pipe(Effect.flip))._tag).toBe("ProjectsNotFound")

      const users = yield* api.listAllUsers(portal.id, { type: 1 })
      expect(users.map((u) => u.email)).toContain(email)
      const added = yield* api.addUser(portal.id, {
        email: "new.person@crm.test",
        role: "Employee",
        first_name: "New",
      })
      expect(added.role?.name).toBe("Employee")
      expect(Option.map(yield* api.findUserByEmail(portal.id, "new.person@crm.test"), (u) => u.id)).toEqual(
        Option.some(added.id),
      )
      expect(yield* api.findUserByEmail(portal.id, "nobody@crm.test")).toEqual(Option.none())

      const clients = yield* api.listAllClients(portal.id)
      expect(clients).toHaveLength(3)
      const [firstClient] = clients
      if (firstClient === undefined) return expect.fail("no client")
      expect((yield* api.getClient(portal.id, firstClient.id)).name).toBe(firstClient.name)
      const clientUsers = yield* Effect.forEach(clients, (c) => api.listAllClientUsers(portal.id, c.id))
      expect(clientUsers.flat()).toHaveLength(4)

      const [someProject] = yield* api.listProjects(portal.id, { perPage: 1 })
      if (someProject === undefined) return expect.fail("no project")
      const members = yield* api.listAllProjectUsers(portal.id, someProject.id)
      expect(members.length).toBeGreaterThan(0)

      const hook = yield* api.createWebhook(portal.id, {
        url: "http://127.0.0.1:3999/api/v1/webhooks/projects",
        secret: Redacted.make("whsec_0123456789abcdef"),
      })
      expect(hook.events).toEqual(["project.created", "project.updated", "project.deleted"])
      expect((yield* api.listWebhooks(portal.id)).map((w) => w.id)).toEqual([hook.id])
      yield* api.deleteWebhook(portal.id, hook.id)
      expect(yield* api.listWebhooks(portal.id)).toEqual([])

      const mine = yield* api.createPortal({ name: "Created from the CRM" })
      expect(mine.name).toBe("Created from the CRM")
      expect((yield* api.listPortals()).map((p) => p.id)).toContain(mine.id)
    }),
  )

  it.scoped("reads a project's open task and issue counts and its milestones", () =>
    Effect.gen(function* () {
      const mock = yield* startMock({ demo: true })
      const { portal, email, key } = yield* seededPortal(mock)
      const api = yield* (yield* clientOf(mock)).connect(serviceKey(email, key))
      const [website] = (yield* api.listAllProjects(portal.id)).filter((p) => p.name === "Website redesign")
      if (website === undefined) return expect.fail("no demo project")
      expect(website.tasks?.open_count).toBeGreaterThan(0)
      expect(website.issues?.open_count ?? 0).toBeGreaterThanOrEqual(0)
      expect(website.milestones).toEqual({ open_count: 1, closed_count: 0 })
      const milestones = yield* api.listAllMilestones(portal.id, website.id)
      expect(milestones.map((m) => [m.name, m.status])).toEqual([["Phase 1", "active"]])
    }),
  )
})
