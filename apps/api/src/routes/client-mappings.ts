/**
 * Client ↔ account mapping (SPEC §4.5): the dry-run preview of "Yes, map matching records", the
 * one-time automatic run (a job; the report is emailed to every admin), "No, skip", and manual
 * mapping, always available. Also the contacts a project's client users became.
 */
import {
  ClientMapping,
  ClientMappingEntry,
  ClientMappingPreview,
  IntegrationView,
  ManualMapping,
  ProjectContact,
} from "@app/core/integration"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param } from "../http/validate.js"
import { itemsOf } from "../schemas/crm.js"
import { JobOut, ProjectIdParam } from "../schemas/integration.js"

const tags = ["client mapping"]
const ClientIdParam = Schema.Struct({
  clientId: Schema.String.pipe(
    Schema.pattern(/^\d{1,19}$/, { message: () => "must be a Projects client id" }),
  ),
})
const rule =
  "A client matches the account with the same name after Unicode NFKC normalisation, case folding and trimmed, collapsed white space; only a unique match that no other client holds is mapped."

export const clientMappingRoutes = new Hono<ApiEnv>()
  .post(
    "/integration/client-mapping/preview",
    describe({
      summary: "What “Yes, map matching records” would do, without writing anything (administrators)",
      description: rule,
      tags,
      responses: {
        200: { description: "Mapped and unmapped clients, with reasons", schema: ClientMappingPreview },
      },
    }),
    async (c) =>
      respond(
        c,
        ClientMappingPreview,
        await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.preview()),
        ),
      ),
  )
  .post(
    "/integration/client-mapping/auto",
    describe({
      summary:
        "Yes, map matching records: the one-time automatic mapping, as a job; every admin gets the report by email",
      description: `${rule} Refused with 409 after a run or “No, skip”, until the integration is deactivated and a portal associated again.`,
      tags,
      responses: { 202: { description: "The mapping job", schema: JobOut } },
    }),
    async (c) =>
      respond(
        c,
        JobOut,
        await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.runAutomatic()),
        ),
        202,
      ),
  )
  .post(
    "/integration/client-mapping/skip",
    describe({
      summary: "No, skip: manual mapping only; automatic mapping is not offered again for this association",
      tags,
      responses: { 200: { description: "The integration", schema: IntegrationView } },
    }),
    async (c) =>
      respond(
        c,
        IntegrationView,
        await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.skip()),
        ),
      ),
  )
  .get(
    "/integration/client-mappings",
    describe({
      summary: "Every Projects client with the account it is mapped to, if any",
      tags,
      responses: { 200: { description: "Clients, by name", schema: itemsOf(ClientMappingEntry) } },
    }),
    async (c) =>
      respond(c, itemsOf(ClientMappingEntry), {
        items: await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.list()),
        ),
      }),
  )
  .put(
    "/integration/client-mappings/:clientId",
    describe({
      summary: "Map a client to an account by hand (an account maps to one client at most)",
      tags,
      responses: { 200: { description: "The mapping", schema: ClientMappingEntry } },
    }),
    param(ClientIdParam),
    json(ManualMapping),
    async (c) => {
      const { clientId } = c.req.valid("param")
      const { accountId } = c.req.valid("json")
      return respond(
        c,
        ClientMappingEntry,
        await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.map(clientId, accountId)),
        ),
      )
    },
  )
  .delete(
    "/integration/client-mappings/:clientId",
    describe({
      summary: "Unmap a client",
      tags,
      responses: { 200: { description: "The client, unmapped", schema: ClientMappingEntry } },
    }),
    param(ClientIdParam),
    async (c) => {
      const { clientId } = c.req.valid("param")
      return respond(
        c,
        ClientMappingEntry,
        await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.unmap(clientId)),
        ),
      )
    },
  )
  .get(
    "/projects/:id/contacts",
    describe({
      summary: "The contacts a project's client users became",
      tags,
      responses: { 200: { description: "Contacts", schema: itemsOf(ProjectContact) } },
    }),
    param(ProjectIdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      return respond(c, itemsOf(ProjectContact), {
        items: await runEffect(
          c,
          Effect.flatMap(ClientMapping, (m) => m.projectContacts(id)),
        ),
      })
    },
  )
