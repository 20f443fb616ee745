/**
 * Deals, Accounts and Contacts (SPEC §7 "CRM"): list with search, filters and cursor pagination,
 * and CRUD validated against the field metadata; plus the metadata itself.
 */
import { type CrmRecord, Metadata, type Module, RecordId, Records } from "@app/core/crm"
import { Effect } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond, respondEncoded } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param, query } from "../http/validate.js"
import {
  FieldOut,
  IdParam,
  itemsOf,
  ModuleParam,
  NewFieldBody,
  RecordBody,
  RecordListQuery,
  RecordOut,
  RecordPageOut,
} from "../schemas/crm.js"

const FILTER = /^filter\[(.+)\]$/

const toRecordOut = (record: CrmRecord) => ({ ...record, values: { ...record.values } })

/** The five record routes of one module, mounted at `/<module>`. */
const recordRoutes = (module: Module) => {
  const tags = [module]
  return new Hono<ApiEnv>()
    .get(
      "/",
      describe({
        summary: `List ${module}: search, filter, page with a cursor`,
        description:
          "Newest first (sort=created) or by name (sort=name). Pass `nextCursor` back as `cursor` for the next page; " +
          "every record appears exactly once across pages.",
        tags,
        parameters: [
          {
            name: "filter",
            in: "query",
            style: "deepObject",
            description:
              "Equality filters by field api name, e.g. filter[stage]=Proposal, filter[owner]=<user id>",
            schema: { type: "object", additionalProperties: { type: "string" } },
          },
        ],
        responses: { 200: { description: "One page", schema: RecordPageOut } },
      }),
      query(RecordListQuery),
      async (c) => {
        const { search, ...rest } = c.req.valid("query")
        const filters = Object.fromEntries(
          Object.entries(c.req.query()).flatMap(([key, value]) => {
            const name = FILTER.exec(key)?.[1]
            return name === undefined ? [] : [[name, value]]
          }),
        )
        const page = await runEffect(
          c,
          Effect.flatMap(Records, (r) => r.listEncoded(module, { ...rest, q: search, filters })),
        )
        return respondEncoded(c, RecordPageOut, page)
      },
    )
    .post(
      "/",
      describe({
        summary: `Create a record in ${module}`,
        description: "Values are keyed by field api name. `owner` defaults to the signed-in user.",
        tags,
        responses: { 201: { description: "Created", schema: RecordOut } },
      }),
      json(RecordBody),
      async (c) => {
        const { values } = c.req.valid("json")
        const record = await runEffect(
          c,
          Effect.flatMap(Records, (r) => r.create(module, values)),
        )
        return respond(c, RecordOut, toRecordOut(record), 201)
      },
    )
    .get(
      "/:id",
      describe({
        summary: `Read a record of ${module}`,
        tags,
        responses: { 200: { description: "The record", schema: RecordOut } },
      }),
      param(IdParam),
      async (c) => {
        const { id } = c.req.valid("param")
        const record = await runEffect(
          c,
          Effect.flatMap(Records, (r) => r.get(module, RecordId.make(id))),
        )
        return respond(c, RecordOut, toRecordOut(record))
      },
    )
    .patch(
      "/:id",
      describe({
        summary: `Change some values of a record of ${module}`,
        description: "Only the given fields change; null or an empty string clears a value.",
        tags,
        responses: { 200: { description: "Updated", schema: RecordOut } },
      }),
      param(IdParam),
      json(RecordBody),
      async (c) => {
        const { id } = c.req.valid("param")
        const { values } = c.req.valid("json")
        const record = await runEffect(
          c,
          Effect.flatMap(Records, (r) => r.update(module, RecordId.make(id), values)),
        )
        return respond(c, RecordOut, toRecordOut(record))
      },
    )
    .delete(
      "/:id",
      describe({
        summary: `Delete a record of ${module}`,
        description:
          module === "accounts" ? "The account's contacts go with it; its deals stay, without account." : "",
        tags,
        responses: { 204: { description: "Deleted" } },
      }),
      param(IdParam),
      async (c) => {
        const { id } = c.req.valid("param")
        await runEffect(
          c,
          Effect.flatMap(Records, (r) => r.remove(module, RecordId.make(id))),
        )
        return c.body(null, 204)
      },
    )
}

export const metadataRoutes = new Hono<ApiEnv>()
  .get(
    "/metadata/:module/fields",
    describe({
      summary: "Fields of a module, standard and custom, in display order",
      tags: ["metadata"],
      responses: { 200: { description: "Fields", schema: itemsOf(FieldOut) } },
    }),
    param(ModuleParam),
    async (c) => {
      const { module } = c.req.valid("param")
      const fields = await runEffect(
        c,
        Effect.flatMap(Metadata, (m) => m.fields(module)),
      )
      return respond(c, itemsOf(FieldOut), { items: fields })
    },
  )
  .post(
    "/metadata/:module/fields",
    describe({
      summary: "Add a custom field (administrators)",
      description:
        "`apiName` is derived from the label when absent. Picklists need options; lookups a module.",
      tags: ["metadata"],
      responses: { 201: { description: "Created", schema: FieldOut } },
    }),
    param(ModuleParam),
    json(NewFieldBody),
    async (c) => {
      const { module } = c.req.valid("param")
      const body = c.req.valid("json")
      const field = await runEffect(
        c,
        Effect.flatMap(Metadata, (m) => m.createField(module, body)),
      )
      return respond(c, FieldOut, field, 201)
    },
  )

export const crmRoutes = new Hono<ApiEnv>()
  .route("/deals", recordRoutes("deals"))
  .route("/accounts", recordRoutes("accounts"))
  .route("/contacts", recordRoutes("contacts"))
  .route("/", metadataRoutes)
