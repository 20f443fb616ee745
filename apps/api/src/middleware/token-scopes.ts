/**
 * @module Token scopes: a request made with an API token needs the scope of its area (read for GET,
 * write otherwise). Scopes only narrow the user's rights: the profile is still checked in core.
 * Sessions, and areas no scope names (`/me`, `/tokens`), pass through.
 */
import { type TokenScope, TokenScopeMissing } from "@app/core/crm"
import { createMiddleware } from "hono/factory"
import type { ApiEnv } from "../env.js"
import { CoreFailure } from "../http/run-effect.js"

interface ScopeRule {
  readonly path: RegExp
  readonly read: TokenScope
  readonly write: TokenScope
}

// First match wins: a Deal's projects are projects, not records.
const RULES: ReadonlyArray<ScopeRule> = [
  {
    path: /^\/api\/v1\/(projects(\/|$)|(deals|accounts)\/[^/]+\/projects(\/|$))/,
    read: "projects:read",
    write: "projects:write",
  },
  { path: /^\/api\/v1\/events(\/|$)/, read: "events:read", write: "integration:admin" },
  {
    path: /^\/api\/v1\/(integration|jobs|outbox|event-endpoints|event-deliveries)(\/|$)/,
    read: "integration:admin",
    write: "integration:admin",
  },
  {
    path: /^\/api\/v1\/(deals|accounts|contacts|metadata|users|profiles)(\/|$)/,
    read: "records:read",
    write: "records:write",
  },
]

const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"])

/** The scope `method path` needs from a token, if any. */
export const requiredScope = (method: string, path: string): TokenScope | undefined => {
  const rule = RULES.find((r) => r.path.test(path))
  if (rule === undefined) return undefined
  return READ_METHODS.has(method) ? rule.read : rule.write
}

export const tokenScopes = createMiddleware<ApiEnv>(async function tokenScopeGuard(c, next) {
  const token = c.var.actor?.token
  if (token === undefined) return next()
  const scope = requiredScope(c.req.method, c.req.path)
  if (scope !== undefined && !token.scopes.includes(scope))
    throw new CoreFailure(new TokenScopeMissing({ scope }))
  return next()
})
