/** API tokens of the signed-in user (SPEC §7 "tokens"): the secret is returned once, at creation. */
import { type ApiToken, ApiTokenId, ApiTokens } from "@app/core/crm"
import { Effect, Redacted } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param } from "../http/validate.js"
import { CreatedTokenOut, IdParam, itemsOf, TokenBody, TokenOut } from "../schemas/crm.js"

const tags = ["tokens"]

const toTokenOut = (token: ApiToken) => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  createdAt: token.createdAt,
  lastUsedAt: token.lastUsedAt,
  revokedAt: token.revokedAt,
})

export const tokenRoutes = new Hono<ApiEnv>()
  .get(
    "/tokens",
    describe({
      summary: "The signed-in user's API tokens (never the secrets)",
      tags,
      responses: { 200: { description: "Tokens, newest first", schema: itemsOf(TokenOut) } },
    }),
    async (c) => {
      const tokens = await runEffect(
        c,
        Effect.flatMap(ApiTokens, (t) => t.list()),
      )
      return respond(c, itemsOf(TokenOut), { items: tokens.map(toTokenOut) })
    },
  )
  .post(
    "/tokens",
    describe({
      summary: "Create an API token acting with the signed-in user's rights",
      description: "The response holds the token itself; it is never shown again.",
      tags,
      responses: { 201: { description: "Created", schema: CreatedTokenOut } },
    }),
    json(TokenBody),
    async (c) => {
      const { name } = c.req.valid("json")
      const created = await runEffect(
        c,
        Effect.flatMap(ApiTokens, (t) => t.create(name)),
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
