/**
 * The control API's contract (`/__mock`, README.md): inputs as Schemas the emulator decodes what it is
 * given through, and the shapes it answers; the mock's typed control client takes both from here.
 */
import { Either, ParseResult, Schema } from "effect"
import { invalidBody, invalidValue, mandatoryMissing } from "./errors.js"
import { type ChangeEntity, type RateLimitConfig, ROLES } from "./model.js"

const opt = Schema.optional
const int = (min: number, max: number) => Schema.Int.pipe(Schema.between(min, max))
const Email = Schema.String.pipe(Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/), Schema.maxLength(254))
const Text = Schema.String.pipe(Schema.minLength(1))

export const SeedInput = Schema.Struct({
  seed: opt(int(0, 2 ** 32 - 1)),
  portals: opt(int(0, 100)),
  users: opt(int(0, 100_000)),
  clients: opt(int(0, 1_000_000)),
  clientUsers: opt(int(0, 1_000_000)),
  projects: opt(int(0, 2_000_000)),
  customFields: opt(int(0, 200)),
  /** Tasks and issues of each generated portal, spread over its projects. */
  tasks: opt(int(0, 2_000_000)),
  issues: opt(int(0, 2_000_000)),
  demo: opt(Schema.Boolean),
})
export type SeedInput = typeof SeedInput.Encoded

export const FaultInput = Schema.Struct({
  kind: Schema.Literal("latency", "status", "rate_limit", "drop", "portal_changes"),
  /** `portal_changes`: what the portal's people create and delete before each matching request. */
  entity: opt(Schema.Literal("projects", "clients", "users", "client_users")),
  inserts: opt(int(0, 1_000)),
  deletes: opt(int(0, 1_000)),
  method: opt(Schema.String),
  /** `*` matches within one path segment, `**` across; `re:<regex>` for a regular expression. */
  path: opt(Text),
  latency_ms: opt(int(0, 600_000)),
  status: opt(int(100, 599)),
  retry_after: opt(int(0, 86_400)),
  probability: opt(Schema.Number.pipe(Schema.between(0, 1))),
  count: opt(int(1, 1_000_000)),
  seed: opt(int(0, 2 ** 32 - 1)),
})
export type FaultInput = typeof FaultInput.Encoded

export const RateLimitInput = Schema.Struct({
  enabled: opt(Schema.Boolean),
  limit: opt(int(1, Number.MAX_SAFE_INTEGER)),
  window_s: opt(int(1, Number.MAX_SAFE_INTEGER)),
  lockout_s: opt(int(1, Number.MAX_SAFE_INTEGER)),
})
export type RateLimitInput = typeof RateLimitInput.Encoded

export const TokenInput = Schema.Struct({
  email: Email,
  scopes: opt(Schema.Union(Schema.String, Schema.Array(Schema.String))),
  expires_in: opt(int(1, Number.MAX_SAFE_INTEGER)),
  refresh: opt(Schema.Boolean),
})
export type TokenInput = typeof TokenInput.Encoded

export const ResetInput = Schema.Struct({ reseed: opt(Schema.Boolean) })
export const RestoreInput = Schema.Struct({ id: Text })
export const TransferInput = Schema.Struct({ email: Email })
export const ClockAdvanceInput = Schema.Struct({
  seconds: opt(Schema.Number.pipe(Schema.nonNegative())),
  ms: opt(Schema.Number.pipe(Schema.nonNegative())),
})

const enabled = { enabled: opt(Schema.Boolean) }
const event = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) =>
  Schema.Struct({ type: Schema.Literal(type), ...fields })
export const BusinessEvent = Schema.Union(
  event("key.revoked", { email: Email, portal_id: opt(Text) }),
  event("portal.ownership_changed", { portal_id: Text, email: Email }),
  event("user.already_present", { portal_id: Text, email: Email, role: opt(Schema.Literal(...ROLES)) }),
  event("projects.list_delay", { seconds: Schema.Number.pipe(Schema.nonNegative()) }),
  event("webhooks.duplicate", enabled),
  event("webhooks.out_of_order", enabled),
)
export type BusinessEvent = typeof BusinessEvent.Encoded

/**
 * A decoder that throws the Projects validation error naming the first field at fault, so control-API
 * mistakes read like the service's own 400s.
 */
export const decodeInput = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "ignore" })
  return (body: unknown): A => {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw invalidBody("The body must be a JSON object")
    const result = decode(body)
    if (Either.isRight(result)) return result.right
    const [issue] = ParseResult.ArrayFormatter.formatErrorSync(result.left)
    const field = issue?.path.map(String).join(".") || "body"
    if (issue?._tag === "Missing") throw mandatoryMissing(field)
    throw invalidValue(field, `${field}: ${issue?.message ?? "invalid value"}`)
  }
}

/** A service key as `GET /__mock/keys/{email}` shows it, with the portals it works for. */
export interface KeyInfo {
  email: string
  key?: string | undefined
  revoked: boolean
  portal_ids: string[]
}

export interface TokenInfo {
  access_token: string
  refresh_token?: string
  client_id?: string
  scope: string
  api_domain: string
  token_type: "Bearer"
  expires_in: number
}

export interface StateSummary {
  namespace: string
  now: string
  portals: Array<{
    id: string
    name: string
    owner?: { email: string; zpuid: string; zuid: number } | undefined
    counts: Record<string, number>
  }>
  users: Array<{
    zuid: number
    email: string
    name: string
    portals: Array<{ portal_id: string; zpuid: string; role: string; is_active: boolean; is_owner: boolean }>
  }>
  users_truncated?: boolean
  rate_limit: RateLimitConfig
  behaviors: { listDelaySeconds: number; webhookDuplicate: boolean; webhookOutOfOrder: boolean }
  faults: number
  pending_deliveries: number
}

export interface DiffEntry {
  entity: ChangeEntity
  portal_id: string
  project_id?: string
  id: string
  data?: Record<string, unknown>
}

export interface Diff {
  since: string
  checkpoint: string
  created: DiffEntry[]
  updated: DiffEntry[]
  deleted: DiffEntry[]
}
