import { describe, expect, it } from "@effect/vitest"
import {
  Chunk,
  Clock,
  Duration,
  Effect,
  Layer,
  Option,
  Redacted,
  Stream,
  TestClock,
  TestServices,
} from "effect"
import { json, type PeerAction, type PeerRequest, startPeer, v3Error } from "../../test/test-peer.js"
import { ProjectsClientConfig, type ProjectsClientSettings } from "./config.js"
import { oauth, serviceKey } from "./credentials.js"
import { ProjectsClient } from "./projects-client.js"

const key = Redacted.make("0123456789abcdef0123456789abcdef")
const keyCredentials = serviceKey("ana@zylker.test", key)

const clientFor = (url: string, settings: Partial<ProjectsClientSettings> = {}) =>
  ProjectsClient.pipe(
    Effect.provide(
      ProjectsClient.DefaultWithoutDependencies.pipe(
        Layer.provide(
          Layer.succeed(
            ProjectsClientConfig,
            ProjectsClientConfig.with({
              apiUrl: url,
              accountsUrl: url,
              baseDelay: Duration.millis(1),
              maxDelay: Duration.millis(5),
              ...settings,
            }),
          ),
        ),
      ),
    ),
  )

const withPeer = (
  respond: (request: PeerRequest, index: number) => PeerAction,
  settings: Partial<ProjectsClientSettings> = {},
) =>
  Effect.gen(function* () {
    const peer = yield* startPeer(respond)
    const client = yield* clientFor(peer.url, settings)
    const api = yield* client.connect(keyCredentials)
    return { peer, client, api }
  })

const project = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Project ${id}`,
  status: { id: "1800000000114", name: "Active", is_closed_type: false },
  tasks: { open_count: 1 },
  is_sprints_project: false,
  ...extra,
})

describe("ProjectsClient: API shape", () => {
  it.scoped("authenticates with the service key and email and keeps ids as strings", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer(() =>
        json(200, [{ id: "60012345678901234567", name: "zylker", role: "admin", unknown_field: { x: 1 } }]),
      )
      const portals = yield* api.listPortals()
      expect(portals).toEqual([{ id: "60012345678901234567", name: "zylker", role: "admin" }])
      const [request] = peer.requests
      expect(request?.url.pathname).toBe("/api/v3/portals")
      expect(request?.headers["x-zsc-key"]).toBe(Redacted.value(key))
      expect(request?.headers["x-zsc-email"]).toBe("ana@zylker.test")
    }),
  )

  it.scoped("lists every project page by page while pages are full, with the reconcile filters", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer((request) => {
        const page = Number(request.url.searchParams.get("page"))
        const size = page < 3 ? 2 : 1
        return json(
          200,
          Array.from({ length: size }, (_, i) => project(`${page}${i}`)),
        )
      })
      const pages = yield* api
        .projectPages("6001", { perPage: 2, status: "all", modifiedSince: 1_700_000_000_000 })
        .pipe(Stream.runCollect)
      expect(Chunk.toReadonlyArray(pages).map((p) => p.map((x) => x.id))).toEqual([
        ["10", "11"],
        ["20", "21"],
        ["30"],
      ])
      expect(peer.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"])
      const query = peer.requests[0]?.url.searchParams
      expect(query?.get("per_page")).toBe("2")
      expect(query?.get("status")).toBe("all")
      expect(query?.get("last_modified_time")).toBe("1700000000000")
    }),
  )

  it.scoped("stops on an empty page or a 204 past the end", () =>
    Effect.gen(function* () {
      const { api } = yield* withPeer((request) =>
        request.url.searchParams.get("page") === "1"
          ? json(200, [project("1"), project("2")])
          : { status: 204 },
      )
      const all = yield* api.listAllProjects("6001", {})
      expect(all.map((p) => p.id)).toEqual(["1", "2"])
    }),
  )

  it.scoped("keeps a project's custom fields", () =>
    Effect.gen(function* () {
      const { api } = yield* withPeer(() =>
        json(
          200,
          project("7", {
            projects_cf_0001: "Gold",
            projects_cf_0002: [],
            custom_fields: { projects_cf_0003: 4 },
          }),
        ),
      )
      const found = yield* api.getProject("6001", "7")
      expect(found.custom_fields).toEqual({
        projects_cf_0001: "Gold",
        projects_cf_0002: [],
        projects_cf_0003: 4,
      })
      expect(found.status?.name).toBe("Active")
      expect(found.tasks).toEqual({ open_count: 1 })
      expect("is_sprints_project" in found).toBe(false)
    }),
  )

  it.scoped("follows page_info on wrapped lists", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer((request) => {
        const page = Number(request.url.searchParams.get("page"))
        return json(200, {
          clients: [{ id: `c${page}`, name: `Client ${page}` }],
          page_info: { page, per_page: 200, has_next_page: page < 2 },
        })
      })
      const clients = yield* api.listAllClients("6001")
      expect(clients.map((c) => c.id)).toEqual(["c1", "c2"])
      expect(peer.requests).toHaveLength(2)
    }),
  )

  it.scoped("finds a portal user by email, or nothing", () =>
    Effect.gen(function* () {
      const { api } = yield* withPeer((request) =>
        request.url.pathname.endsWith("ana%40zylker.test") || request.url.pathname.endsWith("ana@zylker.test")
          ? json(200, { id: "18", email: "ana@zylker.test", role: { name: "Employee" }, users: [] })
          : v3Error(404, "RESOURCE_NOT_FOUND"),
      )
      const found = yield* api.findUserByEmail("6001", "ana@zylker.test")
      expect(Option.map(found, (u) => u.id)).toEqual(Option.some("18"))
      expect(yield* api.findUserByEmail("6001", "bob@zylker.test")).toEqual(Option.none())
    }),
  )
})

describe("ProjectsClient: typed failures", () => {
  it.scoped("refuses a service key with non-ASCII characters at once, sending nothing", () =>
    Effect.gen(function* () {
      const peer = yield* startPeer(() => json(200, []))
      const client = yield* clientFor(peer.url)
      const api = yield* client.connect(serviceKey("ana@zylker.test", Redacted.make("clé-de-service")))
      const error = yield* api.listPortals().pipe(Effect.flip)
      expect(error._tag).toBe("ServiceKeyRejected")
      expect(String(error)).not.toContain("clé")
      expect(peer.requests).toHaveLength(0)
    }),
  )

  it.scoped("tells a rejected service key from a transient failure, without the key in the error", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer(() =>
        v3Error(401, "INVALID_KEY", [{ message: "the key was regenerated" }]),
      )
      const error = yield* api.listPortals().pipe(Effect.flip)
      expect(error._tag).toBe("ServiceKeyRejected")
      expect(error.message).toContain("the key was regenerated")
      expect(JSON.stringify(error)).not.toContain(Redacted.value(key))
      expect(String(error)).not.toContain(Redacted.value(key))
      expect(peer.requests).toHaveLength(1)
    }),
  )

  it.scoped("names the refused fields and the V3 title of a validation failure", () =>
    Effect.gen(function* () {
      const { api } = yield* withPeer(() =>
        v3Error(400, "MANDATORY_FIELD_MISSING", [{ field_name: "name", message: "name is required" }]),
      )
      const error = yield* api.createProject("6001", { name: "" }).pipe(Effect.flip)
      expect(error).toMatchObject({
        _tag: "ProjectsValidationFailed",
        status: 400,
        title: "MANDATORY_FIELD_MISSING",
        fields: [{ field: "name", message: "name is required" }],
      })
    }),
  )

  it.scoped(
    "reports a duplicate as a validation failure, a missing project as not found, a role refusal as forbidden",
    () =>
      Effect.gen(function* () {
        const actions = [
          v3Error(409, "ALREADY_EXISTS", [{ field_name: "email", message: "already in portal" }]),
          v3Error(404, "RESOURCE_NOT_FOUND"),
          v3Error(403, "FORBIDDEN", [{ message: "role forbids" }]),
        ]
        const { api } = yield* withPeer((_, index) => actions[index] ?? json(500))
        const duplicate = yield* api
          .addUser("6001", { email: "ana@zylker.test", role: "Employee" })
          .pipe(Effect.flip)
        expect(duplicate).toMatchObject({
          _tag: "ProjectsValidationFailed",
          status: 409,
          title: "ALREADY_EXISTS",
        })
        expect((yield* api.getProject("6001", "404").pipe(Effect.flip))._tag).toBe("ProjectsNotFound")
        expect((yield* api.trashProject("6001", "1").pipe(Effect.flip))._tag).toBe("ProjectsForbidden")
      }),
  )
})

describe("ProjectsClient: transport robustness", () => {
  it.live("retries 5xx answers with backoff until one succeeds", () =>
    Effect.gen(function* () {
      const actions = [json(500), json(502), json(200, [])]
      const { peer, api } = yield* withPeer((_, index) => actions[index] ?? json(500))
      expect(yield* api.listPortals()).toEqual([])
      expect(peer.requests).toHaveLength(3)
    }).pipe(Effect.scoped),
  )

  it.live("retries after a dropped connection", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer((_, index) => (index === 0 ? "drop" : json(200, [])))
      expect(yield* api.listPortals()).toEqual([])
      expect(peer.requests).toHaveLength(2)
    }).pipe(Effect.scoped),
  )

  it.live("times out a request that gets no answer and retries it", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer((_, index) => (index === 0 ? "hang" : json(200, [])), {
        requestTimeout: Duration.millis(200),
      })
      expect(yield* api.listPortals()).toEqual([])
      expect(peer.requests).toHaveLength(2)
    }).pipe(Effect.scoped),
  )

  it.live("gives up after the configured attempts with a transient ProjectsUnavailable", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer(() => json(503), { maxAttempts: 3 })
      const error = yield* api.listPortals().pipe(Effect.flip)
      expect(error).toMatchObject({
        _tag: "ProjectsUnavailable",
        reason: "server-error",
        status: 503,
        attempts: 3,
      })
      expect(peer.requests).toHaveLength(3)
    }).pipe(Effect.scoped),
  )

  it.live("does not repeat a POST the service may have applied", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer(() => json(500))
      const error = yield* api.createProject("6001", { name: "Once" }).pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "ProjectsUnavailable", attempts: 1 })
      expect(peer.requests).toHaveLength(1)
    }).pipe(Effect.scoped),
  )

  it.scoped("waits the Retry-After of a 429 before trying again", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer((_, index) =>
        index === 0 ? json(429, undefined, { "retry-after": "7" }) : json(200, []),
      )
      const fiber = yield* Effect.fork(api.listPortals())
      const start = yield* Clock.currentTimeMillis
      // Let the real exchange happen until the client schedules its wait on the test clock.
      for (;;) {
        const sleeps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
        if (sleeps.includes(start + 7000)) break
        yield* TestServices.provideLive(Effect.sleep("5 millis"))
      }
      expect(peer.requests).toHaveLength(1)
      yield* TestClock.adjust("7 seconds")
      expect(yield* fiber.await.pipe(Effect.flatten)).toEqual([])
      expect(peer.requests).toHaveLength(2)
    }),
  )

  it.live("treats the throttle title as a rate limit whatever the status", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer((_, index) =>
        index === 0 ? v3Error(400, "URL_ROLLING_THROTTLES_LIMIT_EXCEEDED") : json(200, []),
      )
      expect(yield* api.listPortals()).toEqual([])
      expect(peer.requests).toHaveLength(2)
    }).pipe(Effect.scoped),
  )

  it.live("does not wait out a lock-out longer than it accepts, and says how long it is", () =>
    Effect.gen(function* () {
      const { peer, api } = yield* withPeer(() => json(429, undefined, { "retry-after": "1800" }))
      const error = yield* api.listPortals().pipe(Effect.flip)
      expect(error).toMatchObject({
        _tag: "ProjectsUnavailable",
        reason: "rate-limited",
        retryAfterSeconds: 1800,
      })
      expect(peer.requests).toHaveLength(1)
    }).pipe(Effect.scoped),
  )
})

describe("ProjectsClient: OAuth", () => {
  const oauthPeer = (accessTokens: { current: string }) =>
    startPeer((request) => {
      if (request.url.pathname === "/oauth/v2/token") {
        const form = new URLSearchParams(request.body)
        if (form.get("grant_type") === "refresh_token" && form.get("refresh_token") === "refresh-1") {
          accessTokens.current = "access-2"
          return json(200, {
            access_token: "access-2",
            expires_in: 3600,
            token_type: "Bearer",
            scope: "a b,c",
          })
        }
        if (form.get("grant_type") === "authorization_code" && form.get("code") === "code-1") {
          return json(200, {
            access_token: "access-1",
            refresh_token: "refresh-1",
            expires_in: 3600,
            scope: "ZohoProjects.portals.READ",
          })
        }
        return json(200, { error: "invalid_code" })
      }
      return request.headers.authorization === `Zoho-oauthtoken ${accessTokens.current}`
        ? json(200, [{ id: "6001", name: "zylker" }])
        : v3Error(401, "INVALID_OAUTHTOKEN")
    })

  it.scoped("builds the authorization URL for an offline, consented grant", () =>
    Effect.gen(function* () {
      const client = yield* clientFor("http://accounts.test")
      const url = new URL(
        client.authorizationUrl({
          clientId: "crm",
          redirectUri: "http://crm.test/cb",
          scopes: ["ZohoProjects.portals.READ", "ZohoProjects.projects.ALL"],
          state: "s1",
          loginHint: "ana@zylker.test",
        }),
      )
      expect(url.origin + url.pathname).toBe("http://accounts.test/oauth/v2/auth")
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: "crm",
        response_type: "code",
        redirect_uri: "http://crm.test/cb",
        scope: "ZohoProjects.portals.READ,ZohoProjects.projects.ALL",
        access_type: "offline",
        prompt: "consent",
        state: "s1",
        login_hint: "ana@zylker.test",
      })
    }),
  )

  it.scoped("exchanges a code for tokens, and refuses a bad code", () =>
    Effect.gen(function* () {
      const peer = yield* oauthPeer({ current: "access-1" })
      const client = yield* clientFor(peer.url)
      const secret = Redacted.make("client-secret")
      const grant = yield* client.exchangeCode({
        clientId: "crm",
        clientSecret: secret,
        code: "code-1",
        redirectUri: "http://cb",
      })
      expect(Redacted.value(grant.accessToken)).toBe("access-1")
      expect(Option.map(grant.refreshToken, Redacted.value)).toEqual(Option.some("refresh-1"))
      expect(grant.expiresAt).toBe((yield* Clock.currentTimeMillis) + 3_600_000)
      const refused = yield* client
        .exchangeCode({ clientId: "crm", clientSecret: secret, code: "used", redirectUri: "http://cb" })
        .pipe(Effect.flip)
      expect(refused).toMatchObject({ _tag: "OAuthTokenRejected", reason: "invalid_code" })
      expect(peer.requests[0]?.url.search).toBe("")
    }),
  )

  it.scoped("refreshes the access token on INVALID_OAUTHTOKEN, retries once, and reports the new token", () =>
    Effect.gen(function* () {
      const tokens = { current: "access-2" }
      const peer = yield* oauthPeer(tokens)
      const client = yield* clientFor(peer.url)
      const refreshed: Array<string> = []
      const api = yield* client.connect(
        oauth({
          accessToken: Redacted.make("access-1"),
          refreshToken: Redacted.make("refresh-1"),
          clientId: "crm",
          clientSecret: Redacted.make("client-secret"),
          onRefresh: (fresh) => Effect.sync(() => refreshed.push(Redacted.value(fresh.accessToken))),
        }),
      )
      expect((yield* api.listPortals()).map((p) => p.id)).toEqual(["6001"])
      expect(refreshed).toEqual(["access-2"])
      expect((yield* api.listPortals()).map((p) => p.id)).toEqual(["6001"])
      expect(peer.requests.map((r) => r.url.pathname)).toEqual([
        "/api/v3/portals",
        "/oauth/v2/token",
        "/api/v3/portals",
        "/api/v3/portals",
      ])
    }),
  )

  it.scoped("refreshes an access token about to expire before using it", () =>
    Effect.gen(function* () {
      const peer = yield* oauthPeer({ current: "access-2" })
      const client = yield* clientFor(peer.url)
      const now = yield* Clock.currentTimeMillis
      const api = yield* client.connect(
        oauth({
          accessToken: Redacted.make("access-1"),
          expiresAt: now + 30_000,
          refreshToken: Redacted.make("refresh-1"),
          clientId: "crm",
          clientSecret: Redacted.make("client-secret"),
        }),
      )
      yield* api.listPortals()
      expect(peer.requests.map((r) => r.url.pathname)).toEqual(["/oauth/v2/token", "/api/v3/portals"])
    }),
  )

  it.scoped("fails OAuthTokenRejected when the token is refused and cannot be refreshed", () =>
    Effect.gen(function* () {
      const peer = yield* oauthPeer({ current: "access-9" })
      const client = yield* clientFor(peer.url)
      const api = yield* client.connect(
        oauth({ accessToken: Redacted.make("access-1"), clientId: "crm", clientSecret: Redacted.make("s") }),
      )
      const error = yield* api.listPortals().pipe(Effect.flip)
      expect(error).toMatchObject({ _tag: "OAuthTokenRejected", reason: "INVALID_OAUTHTOKEN" })
      expect(String(error)).not.toContain("access-1")
    }),
  )
})
