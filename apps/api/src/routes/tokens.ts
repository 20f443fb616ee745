/**
 * API tokens of the signed-in user (SPEC §7 "tokens"): the secret is returned once, at creation;
 * scopes and expiry are chosen then; administrators set each token's rate limit.
 */
import { type ApiToken, ApiTokenId, ApiTokens } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param, query } from "../http/validate.js"
import {
  CreatedTokenOut,
  IdParam,
  itemsOf,
  TokenBody,
  TokenListQuery,
  TokenOut,
  TokenPatchBody,
} from "../schemas/crm.js"

const tags = ["tokens"]

const toTokenOut = (token: ApiToken) => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  createdAt: token.createdAt,
  lastUsedAt: token.lastUsedAt,
  revokedAt: token.revokedAt,
  scopes: token.scopes,
  expiresAt: token.expiresAt,
  rateLimitPerMinute: token.rateLimitPerMinute,
  userId: token.userId,
})

export const tokenRoutes = new Hono<ApiEnv>()
  .get(
    "/tokens",
    describe({
      summary:
        "The signed-in user's API tokens (never the secrets); `owner=organization`: everyone's (administrators)",
      tags,
      responses: { 200: { description: "Tokens, newest first", schema: itemsOf(TokenOut) } },
    }),
    query(TokenListQuery),
    async (c) => {
      const { owner } = c.req.valid("query")
      const tokens = await runEffect(
        c,
        Effect.flatMap(ApiTokens, (t) => t.list({ organization: owner === "organization" })),
      )
      return respond(c, itemsOf(TokenOut), { items: tokens.map(toTokenOut) })
    },
  )
  .post(
    "/tokens",
    describe({
      summary: "Create an API token acting with the signed-in user's rights, narrowed to its scopes",
      description:
        "The response holds the token itself; it is never shown again. Scopes default to every scope (a token creating a token: its own); `expiresAt` is optional.",
      tags,
      responses: { 201: { description: "Created", schema: CreatedTokenOut } },
    }),
    json(TokenBody),
    async (c) => {
      const { name, scopes, expiresAt } = c.req.valid("json")
      const created = await runEffect(
        c,
        Effect.flatMap(ApiTokens, (t) =>
          t.create(name, {
            ...(scopes === undefined ? {} : { scopes }),
            ...(expiresAt === undefined ? {} : { expiresAt }),
          }),
        ),
      )
      c.header("Cache-Control", "no-store")
      return respond(
        c,
        CreatedTokenOut,
        { ...toTokenOut(created.info), token: Redacted.value(created.token) },
        201,
      )
    },
  )
  .patch(
    "/tokens/:id",
    describe({
      summary:
        "Set a token's rate limit in requests per minute (administrators, any token of the organization)",
      tags,
      responses: { 200: { description: "The token", schema: TokenOut } },
    }),
    param(IdParam),
    json(TokenPatchBody),
    async (c) => {
      const { id } = c.req.valid("param")
      const { rateLimitPerMinute } = c.req.valid("json")
      const token = await runEffect(
        c,
        Effect.flatMap(ApiTokens, (t) => t.setRateLimit(ApiTokenId.make(id), rateLimitPerMinute)),
      )
      return respond(c, TokenOut, toTokenOut(token))
    },
  )
  .delete(
    "/tokens/:id",
    describe({
      summary: "Revoke an API token (own tokens; administrators: any of the organization)",
      tags,
      responses: { 204: { description: "Revoked" } },
    }),
    param(IdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      await runEffect(
        c,
        Effect.flatMap(ApiTokens, (t) => t.revoke(ApiTokenId.make(id))),
      )
      return c.body(null, 204)
    },
  )
