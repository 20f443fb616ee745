/**
 * Fuzzes every operation of `/api/openapi.json` with fast-check: path parameters from the ids that
 * exist and from hostile values, query strings and bodies from the documented schemas and beyond,
 * as an administrator, a Standard user and an anonymous caller. Every answer must be below 500,
 * every refusal problem+json, and no refused request may change the database (a fingerprint of
 * every table before and after). The harness searches every answer for the secrets sent.
 */
import { type Actor, ApiTokens, actingAs } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import fc from "fast-check"
import type { IntegrationTestApi } from "../api-harness.js"
import { organizationWithClients } from "../api-harness.js"
import { databaseFingerprint } from "./database-fingerprint.js"
import { bodyFor, HOSTILE_STRINGS, hostileString } from "./json-schema-arbitrary.js"

type JsonSchema = Readonly<Record<string, unknown>>

interface Operation {
  readonly method: string
  readonly path: string
  readonly query: ReadonlyArray<{ readonly name: string; readonly schema: JsonSchema }>
  readonly body: JsonSchema | undefined
}

interface OpenApi {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; schema?: JsonSchema }>
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
      }
    >
  >
  readonly components: { readonly schemas: Record<string, JsonSchema> }
}

export const IDENTITIES = ["admin", "standard", "anonymous"] as const
export type Identity = (typeof IDENTITIES)[number]

export interface FuzzFigures {
  readonly requests: number
  readonly operations: number
  readonly byIdentity: Record<string, number>
  readonly byStatus: Record<string, number>
  readonly refused: number
  /** Refused requests whose database fingerprint was compared before and after. */
  readonly refusedChecked: number
  readonly failures: ReadonlyArray<string>
}

interface FuzzRequest {
  readonly identity: Identity
  readonly operation: Operation
  readonly url: string
  readonly contentType: string | undefined
  readonly body: string | undefined
}

const ID_KEY = /(^id$|Id$)/

const collectIds = (value: unknown, into: Set<string>, depth = 0) => {
  if (depth > 6 || typeof value !== "object" || value === null) return
  for (const [key, inner] of Object.entries(value)) {
    if (ID_KEY.test(key) && typeof inner === "string" && inner.length > 0) into.add(inner)
    else collectIds(inner, into, depth + 1)
  }
}

const operationsOf = (doc: OpenApi): ReadonlyArray<Operation> =>
  Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/"))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        query: (operation.parameters ?? [])
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: operation.requestBody?.content?.["application/json"]?.schema,
      })),
    )

const requestArbitrary = (
  operations: ReadonlyArray<Operation>,
  components: Readonly<Record<string, JsonSchema>>,
  ids: ReadonlyArray<string>,
): fc.Arbitrary<FuzzRequest> => {
  const param = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  )
  const moduleName = fc.oneof(fc.constantFrom("deals", "accounts", "contacts"), hostileString)
  return fc
    .record({
      identity: fc.constantFrom(...IDENTITIES),
      operation: fc.constantFrom(...operations),
    })
    .chain(({ identity, operation }) => {
      const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "")
      const params = fc.tuple(...names.map((name) => (name === "module" ? moduleName : param)))
      const query = fc.tuple(
        ...operation.query.map(({ schema }) =>
          fc.option(
            fc.oneof(
              bodyFor(schema, components).map((v) => (typeof v === "string" ? v : JSON.stringify(v))),
              hostileString,
            ),
            { nil: undefined },
          ),
        ),
      )
      const hasBody = operation.body !== undefined
      const body = hasBody
        ? fc.oneof(
            { weight: 8, arbitrary: bodyFor(operation.body, components).map((v) => JSON.stringify(v)) },
            {
              weight: 1,
              arbitrary: fc.constantFrom("{", "", `${"[".repeat(3000)}${"]".repeat(3000)}`, "a=1&b=2"),
            },
          )
        : fc.constant(undefined)
      const contentType = hasBody
        ? fc.oneof(
            { weight: 9, arbitrary: fc.constant("application/json") },
            { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded") },
          )
        : fc.constant(undefined)
      return fc
        .record({ params, query, body, contentType })
        .map(({ params, query, body, contentType }): FuzzRequest => {
          let i = 0
          const path = operation.path.replace(/\{[^}]+\}/g, () => encodeSegment(params[i++] ?? ""))
          const search = new URLSearchParams()
          operation.query.forEach(({ name }, j) => {
            const value = query[j]
            if (value !== undefined) search.set(name, value)
          })
          const qs = search.toString()
          return { identity, operation, url: qs ? `${path}?${qs}` : path, contentType, body }
        })
    })
}

// A lone surrogate cannot be percent-encoded: it travels as U+FFFD, as a browser would send it.
const encodeSegment = (value: string) =>
  encodeURIComponent(
    value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"),
  )

const standardActor = (admin: Actor, user: { id: string; profileId: string; email: string; name: string }) =>
  ({
    ...admin,
    userId: user.id,
    profileId: user.profileId,
    isAdmin: false,
    email: user.email,
    name: user.name,
  }) as Actor

/** Runs `requests` fuzzed requests against the harness's API; returns the figures (failures included). */
export const fuzzApi = async (
  harness: IntegrationTestApi,
  options: {
    readonly requests: number
    readonly seed: number
    /** `writes`: fingerprint around methods that may write only (GETs are checked in the light run). */
    readonly fingerprint?: "all" | "writes"
  },
): Promise<FuzzFigures> => {
  const { api, mock, drain } = harness
  // The fuzzer sends its hostile strings in every field, passwords included: they are not secrets.
  api.secrets.ignore(HOSTILE_STRINGS)
  const { org, standardUser, admin } = await organizationWithClients(api)
  const owner = "owner@projects.demo.test"
  const associate = async () => {
    await admin.post("integration/enable")
    const portalId = (await mock.control.state()).portals[0]?.id ?? ""
    const key = (await mock.control.keys(owner)).key ?? ""
    await admin.request("PUT", "integration/portal", { portalId, email: owner, key })
    await drain()
  }
  await associate()
  await admin.post("projects", { values: { name: "Fuzzed project" } })

  const mint = (actor: Actor) =>
    api.run(
      Effect.flatMap(ApiTokens, (t) => t.create("fuzz")).pipe(
        actingAs({ ...actor, via: "session" }),
        Effect.map((created) => Redacted.value(created.token)),
      ),
    )
  const standard = standardActor(org.adminActor, standardUser)
  const tokens: Record<Identity, string | undefined> = {
    admin: await mint(org.adminActor),
    standard: await mint(standard),
    anonymous: undefined,
  }
  const refreshTokens = async () => {
    for (const [identity, actor] of [
      ["admin", org.adminActor],
      ["standard", standard],
    ] as const) {
      const probe = await api.app.request("/api/v1/me", {
        headers: { Authorization: `Bearer ${tokens[identity]}` },
      })
      await probe.body?.cancel()
      if (probe.status === 401) tokens[identity] = await mint(actor)
    }
  }

  const doc = (await (await api.app.request("/api/openapi.json")).json()) as OpenApi
  const operations = operationsOf(doc)
  const ids = new Set<string>([org.admin.id, standardUser.id, org.organization.id])
  for (const op of operations.filter((o) => o.method === "GET" && !o.path.includes("{"))) {
    const response = await api.app.request(op.path, { headers: { Authorization: `Bearer ${tokens.admin}` } })
    if ((response.headers.get("content-type") ?? "").includes("json")) collectIds(await response.json(), ids)
    else await response.body?.cancel()
  }

  const samples = fc.sample(requestArbitrary(operations, doc.components.schemas, [...ids]), {
    numRuns: options.requests,
    seed: options.seed,
  })
  const failures: Array<string> = []
  const byIdentity: Record<string, number> = {}
  const byStatus: Record<string, number> = {}
  let refused = 0
  let refusedChecked = 0
  let n = 0
  for (const sample of samples) {
    if (n > 0 && n % 100 === 0) {
      await drain()
      await refreshTokens()
    }
    n++
    const token = tokens[sample.identity]
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
    if (sample.contentType) headers["Content-Type"] = sample.contentType
    const checked = options.fingerprint !== "writes" || sample.operation.method !== "GET"
    const before = checked ? await api.run(databaseFingerprint) : ""
    const response = await api.app.request(sample.url, {
      method: sample.operation.method,
      headers,
      ...(sample.body === undefined ? {} : { body: sample.body }),
    })
    const type = response.headers.get("content-type") ?? ""
    let text = ""
    if (type.includes("text/event-stream")) await response.body?.cancel()
    else text = await response.text()
    byIdentity[sample.identity] = (byIdentity[sample.identity] ?? 0) + 1
    byStatus[String(response.status)] = (byStatus[String(response.status)] ?? 0) + 1
    const label = `${sample.identity} ${sample.operation.method} ${sample.url.slice(0, 160)} ${(sample.body ?? "").slice(0, 300)} → ${response.status}`
    if (response.status >= 500) failures.push(`${label} ${text.slice(0, 200)}`)
    else if (response.status >= 400) {
      refused++
      if (!type.includes("application/problem+json")) failures.push(`${label} without problem+json`)
      if (checked) {
        const after = await api.run(databaseFingerprint)
        refusedChecked++
        if (after !== before) failures.push(`${label} changed the database`)
      }
    }
    if (
      sample.operation.path === "/api/v1/integration/deactivate" &&
      sample.identity === "admin" &&
      response.status < 300
    ) {
      await associate()
    }
  }
  return {
    requests: samples.length,
    operations: operations.length,
    byIdentity,
    byStatus,
    refused,
    refusedChecked,
    failures,
  }
}
