/**
 * Step 3, permissions for CRM users (SPEC §4.4): five boxes per profile, a preview of the user transfer
 * a change would start, and the transfer reports.
 */
import {
  PermissionsInput,
  PermissionsPreview,
  ProfilePermissions,
  ProjectPermissions,
  TransferReport,
  TransferRun,
  UserTransfers,
} from "@app/core/integration"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json, param, query } from "../http/validate.js"
import { IdParam, itemsOf } from "../schemas/crm.js"

const tags = ["permissions"]

const SavedPermissionsOut = Schema.Struct({
  permissions: Schema.Array(ProfilePermissions),
  transfer: Schema.NullOr(Schema.Struct({ runId: Schema.String, jobId: Schema.String })),
})
const TransfersQuery = Schema.Struct({
  limit: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 100))),
})

export const permissionRoutes = new Hono<ApiEnv>()
  .get(
    "/integration/permissions",
    describe({
      summary: "Every profile with its five project boxes: Tab visibility, View, Create, Edit, Delete",
      tags,
      responses: { 200: { description: "Profiles", schema: itemsOf(ProfilePermissions) } },
    }),
    async (c) =>
      respond(c, itemsOf(ProfilePermissions), {
        items: await runEffect(
          c,
          Effect.flatMap(ProjectPermissions, (p) => p.list()),
        ),
      }),
  )
  .post(
    "/integration/permissions/preview",
    describe({
      summary:
        "What saving these permissions would do: users to transfer as Employee, users already in the portal, conflicts",
      tags,
      responses: { 200: { description: "Preview", schema: PermissionsPreview } },
    }),
    json(PermissionsInput),
    async (c) => {
      const { entries } = c.req.valid("json")
      return respond(
        c,
        PermissionsPreview,
        await runEffect(
          c,
          Effect.flatMap(ProjectPermissions, (p) => p.preview(entries)),
        ),
      )
    },
  )
  .put(
    "/integration/permissions",
    describe({
      summary:
        "Save permissions (administrators): users of profiles with any box ticked are transferred to the portal",
      description:
        "New users arrive as Employee; users already in the portal keep their role; nobody is ever removed from the portal. Profiles not listed keep their boxes.",
      tags,
      responses: {
        200: { description: "Saved, with the transfer job started", schema: SavedPermissionsOut },
      },
    }),
    json(PermissionsInput),
    async (c) => {
      const { entries } = c.req.valid("json")
      return respond(
        c,
        SavedPermissionsOut,
        await runEffect(
          c,
          Effect.flatMap(ProjectPermissions, (p) => p.replace(entries)),
        ),
      )
    },
  )
  .get(
    "/integration/user-transfers",
    describe({
      summary: "User transfer runs, newest first, with their counts",
      tags,
      responses: { 200: { description: "Runs", schema: itemsOf(TransferRun) } },
    }),
    query(TransfersQuery),
    async (c) => {
      const { limit } = c.req.valid("query")
      const items = await runEffect(
        c,
        Effect.flatMap(UserTransfers, (t) => t.transfers(limit === undefined ? {} : { limit })),
      )
      return respond(c, itemsOf(TransferRun), { items })
    },
  )
  .get(
    "/integration/user-transfers/:id",
    describe({
      summary:
        "One transfer run: each user transferred, already present (with role) or failed (with the reason)",
      tags,
      responses: { 200: { description: "Report", schema: TransferReport } },
    }),
    param(IdParam),
    async (c) => {
      const { id } = c.req.valid("param")
      return respond(
        c,
        TransferReport,
        await runEffect(
          c,
          Effect.flatMap(UserTransfers, (t) => t.transfer(id)),
        ),
      )
    },
  )
