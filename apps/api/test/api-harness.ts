/**
 * Test harness of the API: the real app over the real CRM services on a test database (PGlite, or
 * PostgreSQL when DATABASE_URL is set), driven through `app.request()` — no port. Clients keep the
 * session cookie and CSRF token like a browser, or send a bearer token like a script.
 */
import { randomBytes } from "node:crypto"
import { ExternalJobs } from "@app/core/external"
import { IntegrationJobs } from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import type { LogEntry } from "@app/core/logging"
import { Database } from "@app/core/persistence"
import { makeTestOrganization, TEST_PASSWORD, TestDatabase, type TestOrganization } from "@app/core/test"
import { type MockProjectsHandle, startMockProjects } from "@app/mock-projects"
import { Clock, Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { type AppOptions, createApp } from "../src/app.js"
import { type ApiLayerOptions, type ApiRuntime, type ApiServices, apiLayer } from "../src/http/runtime.js"
import { headerText, makeSecretScanner, type SecretScanner } from "./secret-scan.js"

export const TEST_IP_HEADER = "x-test-client-ip"

export interface TestApi {
  readonly app: ReturnType<typeof createApp>
  readonly runtime: ApiRuntime
  /** Every log line the app wrote, after redaction. */
  readonly logs: Array<LogEntry>
  /** Every secret sent to the app, searched for in every response and log line; `close` fails on a hit. */
  readonly secrets: SecretScanner
  /** A fresh organization with its admin, through the core services. */
  readonly organization: () => Promise<TestOrganization>
  readonly run: <A, E>(effect: Effect.Effect<A, E, ApiServices>) => Promise<A>
  readonly close: () => Promise<void>
}

/**
 * One app and database per test file: `await` it in `beforeAll` (the database is opened and migrated
 * there, under the hook timeout), `close` in `afterAll`.
 */
export const startTestApi = async (
  options: AppOptions = {},
  layerOptions: ApiLayerOptions & {
    /** A clock other than the system's (see `shiftedClock`); timers still run in real time. */
    readonly clock?: Clock.Clock
  } = {},
  database: Layer.Layer<Database> = TestDatabase,
): Promise<TestApi> => {
  const layer = apiLayer(database, layerOptions)
  const runtime: ApiRuntime = ManagedRuntime.make(
    layerOptions.clock === undefined ? layer : Layer.merge(layer, Layer.setClock(layerOptions.clock)),
  )
  const logs: Array<LogEntry> = []
  const secrets = makeSecretScanner()
  // The URL of the request being served: its own text may come back in its answer and log line.
  let currentUrl: string | undefined
  secrets.remember(Redacted.value(TEST_PASSWORD))
  if (layerOptions.appSecret) secrets.remember(Redacted.value(layerOptions.appSecret))
  const app = createApp(runtime, {
    log: (entry) => {
      logs.push(entry)
      secrets.scan(`log line ${JSON.stringify(entry.msg)}`, JSON.stringify(entry), currentUrl)
    },
    // Tests name the client address so throttling by address can be exercised without sockets.
    clientIp: (c) => c.req.header(TEST_IP_HEADER) ?? "192.0.2.1",
    ...options,
  })
  // Every request of every API suite goes through here: its secrets are remembered, its answer searched.
  const request = app.request.bind(app)
  app.request = async (input, init, env, executionCtx) => {
    const headers = new Headers(init?.headers)
    secrets.rememberRequest(headers, init?.body)
    currentUrl = String(input)
    const response = await Promise.resolve(request(input, init, env, executionCtx)).finally(() => {
      currentUrl = undefined
    })
    const where = `${init?.method ?? "GET"} ${String(input)}`
    secrets.scan(`${where} headers`, headerText(response.headers), String(input))
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      secrets.scan(`${where} body`, await response.clone().text(), String(input))
    }
    return response
  }
  await runtime.runtime()
  return {
    app,
    runtime,
    logs,
    secrets,
    organization: () => runtime.runPromise(makeTestOrganization()),
    run: (effect) => runtime.runPromise(effect),
    close: async () => {
      await runtime.dispose()
      if (secrets.hits.length > 0) {
        throw new Error(`secrets found in responses or logs: ${JSON.stringify(secrets.hits.slice(0, 10))}`)
      }
    },
  }
}

/**
 * The system clock moved by `offset()` milliseconds: a test puts "now" where it needs it (say, just
 * after a minute starts, or a minute later) without waiting; sleeps and timeouts are unchanged.
 */
export const shiftedClock = (offset: () => number): Clock.Clock => {
  const system = Clock.make()
  const millis = () => Date.now() + offset()
  return {
    ...system,
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: millis,
    unsafeCurrentTimeNanos: () => BigInt(millis()) * 1_000_000n,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanos: Effect.sync(() => BigInt(millis()) * 1_000_000n),
    sleep: (duration) => system.sleep(duration),
  }
}

export interface ClientResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  /** The parsed JSON body (problem+json included); undefined when empty. */
  readonly body: unknown
}

export interface TestClient {
  readonly request: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ) => Promise<ClientResponse>
  readonly get: (path: string) => Promise<ClientResponse>
  readonly post: (path: string, body?: unknown) => Promise<ClientResponse>
  readonly patch: (path: string, body?: unknown) => Promise<ClientResponse>
  readonly delete: (path: string) => Promise<ClientResponse>
}

const client = (api: TestApi, credentials: () => Record<string, string>): TestClient => {
  const request: TestClient["request"] = async (method, path, body, headers = {}) => {
    const response = await api.app.request(path.startsWith("/") ? path : `/api/v1/${path}`, {
      method,
      headers: {
        ...credentials(),
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: response.status, headers: response.headers, text, body: parsed }
  }
  return {
    request,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body ?? {}),
    patch: (path, body) => request("PATCH", path, body ?? {}),
    delete: (path) => request("DELETE", path),
  }
}

export interface SessionClient extends TestClient {
  readonly cookie: string
  readonly csrfToken: string
  /** The same session without the CSRF header (what a cross-site form would send). */
  readonly withoutCsrf: TestClient
}

/** Signs in through POST /session and keeps the cookie + CSRF token like the console does. */
export const signIn = async (
  api: TestApi,
  email: string,
  password: Redacted.Redacted<string> = TEST_PASSWORD,
): Promise<SessionClient> => {
  const response = await client(api, () => ({})).post("/api/v1/session", {
    email,
    password: Redacted.value(password),
  })
  if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${response.text}`)
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
  const { csrfToken } = response.body as { csrfToken: string }
  return {
    ...client(api, () => ({ Cookie: cookie, "X-CSRF-Token": csrfToken })),
    cookie,
    csrfToken,
    withoutCsrf: client(api, () => ({ Cookie: cookie })),
  }
}

/** A client sending `Authorization: Bearer <token>`. */
export const bearer = (api: TestApi, token: string): TestClient =>
  client(api, () => ({ Authorization: `Bearer ${token}` }))

/** Anonymous requests. */
export const anonymous = (api: TestApi): TestClient => client(api, () => ({}))

/** A new organization plus signed-in clients for its admin and for a Standard user. */
export const organizationWithClients = async (api: TestApi) => {
  const org = await api.organization()
  const standard = await api.run(org.addUser())
  return {
    org,
    standardUser: standard.user,
    admin: await signIn(api, org.admin.email),
    standard: await signIn(api, standard.user.email),
  }
}

/** Runs the queued background jobs (imports, transfers, mappings) of `api` until none is ready. */
export const drainJobs = (api: TestApi) =>
  api.run(
    Effect.gen(function* () {
      const runner = yield* JobRunner
      while ((yield* runner.runOnce) > 0) {
        /* until no job is ready */
      }
    }).pipe(
      Effect.provide(
        Layer.mergeAll(IntegrationJobs, ExternalJobs).pipe(Layer.provideMerge(JobRunner.layer())),
      ),
    ),
  )

export interface IntegrationTestApi {
  readonly api: TestApi
  /** The mock Projects server (demo seed) the API talks to over HTTP. */
  readonly mock: MockProjectsHandle
  /** Runs the queued background jobs (imports, transfers, mappings) until none is ready. */
  readonly drain: () => Promise<void>
  readonly close: () => Promise<void>
}

/** The API against a mock Projects server of its own; the test drives the job runner with `drain`. */
export const startIntegrationTestApi = async (): Promise<IntegrationTestApi> => {
  const mock = await startMockProjects({ port: 0, demo: true })
  const api = await startTestApi(
    {},
    // The mock cannot reach this app (no port): webhooks fail and the reconcile stands in for them.
    { projects: { apiUrl: mock.url, accountsUrl: mock.url }, publicUrl: "http://127.0.0.1:9" },
  )
  return {
    api,
    mock,
    drain: () => drainJobs(api),
    close: async () => {
      await api.close()
      await mock.close()
    },
  }
}

/**
 * One test database opened once, for several API instances (`startTestApi(…, …, shared.layer)`), as
 * API processes share one PostgreSQL. `close` after the instances.
 */
export const sharedTestDatabase = async () => {
  const runtime = ManagedRuntime.make(TestDatabase)
  const database = await runtime.runPromise(Database)
  return { layer: Layer.succeed(Database, database), close: () => runtime.dispose() }
}

/** The API against a mock Projects server, on a database the caller may share with other instances. */
export const startIntegrationTestApiOn = async (
  mock: MockProjectsHandle,
  database: Layer.Layer<Database>,
  options: AppOptions = {},
) =>
  startTestApi(
    options,
    {
      projects: { apiUrl: mock.url, accountsUrl: mock.url },
      publicUrl: "http://127.0.0.1:9",
      // Instances on one database open each other's sealed credentials, as processes sharing APP_SECRET do.
      appSecret: SHARED_APP_SECRET,
    },
    database,
  )

const SHARED_APP_SECRET = Redacted.make(randomBytes(32).toString("hex"))

/** Enables the integration and saves the mock's demo portal with its owner's service key, import done. */
export const activateIntegration = async (
  api: TestApi,
  mock: MockProjectsHandle,
  admin: TestClient,
  drain: () => Promise<void> = () => drainJobs(api),
) => {
  await admin.post("integration/enable")
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const email = "owner@projects.demo.test"
  const key = (await mock.control.keys(email)).key ?? ""
  const saved = await admin.request("PUT", "integration/portal", { portalId, email, key })
  if (saved.status !== 200) throw new Error(`portal not saved: ${saved.status} ${saved.text}`)
  await drain()
  return portalId
}
