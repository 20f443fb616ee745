/**
 * Sync runs (SPEC §4.9), administrators only: every import, reconcile, Sync now and webhook batch
 * with its items; Sync now and the dry run that compares the CRM with the portal.
 */
import {
  ProjectHistory,
  SyncHealth,
  SyncNow,
  SyncRun,
  SyncRunEntity,
  SyncRunItem,
  SyncRunOutcome,
  SyncRuns,
  SyncRunTrigger,
  SyncRunUndo,
} from "@app/core/integration"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { param, query } from "../http/validate.js"
import { IdParam } from "../schemas/crm.js"
import { JobOut, ProjectIdParam } from "../schemas/integration.js"
import { dateRange, QueryDate } from "../schemas/list-filters.js"

const tags = ["sync runs"]

const Limit = (max: number) => Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, max))
const Cursor = Schema.String.pipe(Schema.maxLength(500))

const RunsQuery = Schema.Struct({
  cursor: Schema.optional(Cursor),
  limit: Schema.optional(Limit(200)),
  trigger: Schema.optional(SyncRunTrigger),
  from: Schema.optional(QueryDate),
  to: Schema.optional(QueryDate),
})

const ItemsQuery = Schema.Struct({
  cursor: Schema.optional(Cursor),
  limit: Schema.optional(Limit(500)),
  entity: Schema.optional(SyncRunEntity),
  /** A Projects id, or words of the object's name. */
  object: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))),
  field: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_.-]{1,100}$/))),
  outcome: Schema.optional(SyncRunOutcome),
  from: Schema.optional(QueryDate),
  to: Schema.optional(QueryDate),
})

const RunPageOut = Schema.Struct({
  items: Schema.Array(SyncRun),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "SyncRunPage" })

const ItemPageOut = Schema.Struct({
  items: Schema.Array(SyncRunItem),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "SyncRunItemPage" })

const SyncNowOut = Schema.Struct({ run: SyncRun, job: JobOut }).annotations({ identifier: "SyncNowStarted" })

const Origin = Schema.NullOr(
  Schema.Struct({
    kind: Schema.Literal("portal", "crm-edit", "undo"),
    runId: Schema.String,
    runNumber: Schema.Number,
    trigger: SyncRunTrigger,
    at: Schema.String,
    by: Schema.String,
  }),
)
const ProjectHistoryOut = Schema.Struct({
  projectId: Schema.String,
  projectsId: Schema.String,
  fields: Schema.Array(
    Schema.Struct({
      field: Schema.String,
      value: Schema.Unknown,
      origin: Origin,
      earlier: Schema.Array(Schema.Struct({ value: Schema.Unknown, origin: Origin })),
    }),
  ),
}).annotations({ identifier: "ProjectHistory" })

const UndoStepOut = Schema.Struct({
  entity: SyncRunEntity,
  key: Schema.String,
  name: Schema.NullOr(Schema.String),
  outcome: Schema.Literal("created", "updated", "removed"),
  action: Schema.Literal("remove", "restore", "bring-back"),
  fields: Schema.Array(Schema.String),
  blockedBy: Schema.NullOr(
    Schema.Struct({ runId: Schema.String, runNumber: Schema.Number, trigger: Schema.String }),
  ),
})
const UndoPreviewOut = Schema.Struct({
  run: SyncRun,
  revertible: Schema.Array(UndoStepOut),
  notRevertible: Schema.Array(UndoStepOut),
}).annotations({ identifier: "SyncRunUndoPreview" })
const UndoneOut = Schema.Struct({
  undoRun: SyncRun,
  reverted: Schema.Array(UndoStepOut),
  notRevertible: Schema.Array(UndoStepOut),
}).annotations({ identifier: "SyncRunUndone" })

const SyncHealthOut = Schema.Struct({
  webhook: Schema.Struct({ subscribed: Schema.Boolean, lastDeliveryAt: Schema.NullOr(Schema.String) }),
  lastPass: Schema.NullOr(SyncRun),
  failing: Schema.Array(SyncRunItem),
  reconcileEveryMinutes: Schema.Number,
  nextReconcileAt: Schema.NullOr(Schema.String),
}).annotations({ identifier: "SyncHealth" })

type ItemsQuery = typeof ItemsQuery.Type
const itemFilter = (q: ItemsQuery) => ({
  ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
  ...(q.limit === undefined ? {} : { limit: q.limit }),
  ...(q.entity === undefined ? {} : { entity: q.entity }),
  ...(q.object === undefined ? {} : { object: q.object }),
  ...(q.field === undefined ? {} : { field: q.field }),
  ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
  ...dateRange({ from: q.from, to: q.to }),
})

const itemsDescription =
  "Filters combine: entity (project, client, client_user, portal_user), object (a Projects id or words of its name), field (an updated field), outcome (created, updated, removed, failed), from and to (dates, inclusive). Oldest first."

export const syncRunRoutes = new Hono<ApiEnv>()
  .get(
    "/integration/sync-runs",
    describe({
      summary:
        "Sync runs: every import, reconcile, Sync now and webhook batch, newest first (administrators)",
      description:
        "Filters combine: trigger (import, catch-up, reconcile, sync-now, webhook, undo), from and to (when the run started). Runs are kept for SYNC_RUN_RETENTION (90 days by default).",
      tags,
      responses: { 200: { description: "Newest first", schema: RunPageOut } },
    }),
    query(RunsQuery),
    async (c) => {
      const { cursor, limit, trigger, from, to } = c.req.valid("query")
      const page = await runEffect(
        c,
        Effect.flatMap(SyncRuns, (runs) =>
          runs.list({
            ...(cursor === undefined ? {} : { cursor }),
            ...(limit === undefined ? {} : { limit }),
            ...(trigger === undefined ? {} : { trigger }),
            ...dateRange({ from, to }),
          }),
        ),
      )
      return respond(c, RunPageOut, page)
    },
  )
  .post(
    "/integration/sync-runs",
    describe({
      summary: "Sync now: reconcile the portal at once, as a run followed through its job (administrators)",
      description:
        "A pass already queued or running is the one returned. Follow it with GET /jobs/{id} or its events.",
      tags,
      responses: { 202: { description: "The run and its job", schema: SyncNowOut } },
    }),
    async (c) =>
      respond(
        c,
        SyncNowOut,
        await runEffect(
          c,
          Effect.flatMap(SyncNow, (s) => s.start()),
        ),
        202,
      ),
  )
  .post(
    "/integration/sync-runs/dry-run",
    describe({
      summary: "Dry run: what a reconcile would change (CRM vs portal), without writing it (administrators)",
      description:
        "A job; its result is {counts: {created, updated, removed, unchanged}, items: [{entity, key, name, outcome, changes: [{field, before (CRM), after (portal)}]}], truncated} with at most 500 items listed.",
      tags,
      responses: { 202: { description: "The dry run's job", schema: JobOut } },
    }),
    async (c) =>
      respond(
        c,
        JobOut,
        await runEffect(
          c,
          Effect.flatMap(SyncNow, (s) => s.dryRun()),
        ),
        202,
      ),
  )
  .get(
    "/integration/sync-items",
    describe({
      summary: "Items of every kept run: a project's (or any object's) changes across runs (administrators)",
      description: itemsDescription,
      tags,
      responses: { 200: { description: "Oldest first", schema: ItemPageOut } },
    }),
    query(ItemsQuery),
    async (c) =>
      respond(
        c,
        ItemPageOut,
        await runEffect(
          c,
          Effect.flatMap(SyncRuns, (runs) => runs.items(undefined, itemFilter(c.req.valid("query")))),
        ),
      ),
  )
  .get(
    "/integration/sync-runs/:id",
    describe({
      summary: "One sync run: trigger, who started it, start and end, counts (administrators)",
      tags,
      responses: { 200: { description: "The run", schema: SyncRun } },
    }),
    param(IdParam),
    async (c) =>
      respond(
        c,
        SyncRun,
        await runEffect(
          c,
          Effect.flatMap(SyncRuns, (runs) => runs.get(c.req.valid("param").id)),
        ),
      ),
  )
  .get(
    "/integration/sync-runs/:id/items",
    describe({
      summary: "A run's items: what changed, field by field, or why an object was refused (administrators)",
      description: itemsDescription,
      tags,
      responses: { 200: { description: "Oldest first", schema: ItemPageOut } },
    }),
    param(IdParam),
    query(ItemsQuery),
    async (c) =>
      respond(
        c,
        ItemPageOut,
        await runEffect(
          c,
          Effect.flatMap(SyncRuns, (runs) =>
            runs.items(c.req.valid("param").id, itemFilter(c.req.valid("query"))),
          ),
        ),
      ),
  )
  .get(
    "/projects/:id/history",
    describe({
      summary:
        "A project's per-field history: each field's value, where it came from (the portal in run N, a CRM user's edit) and its earlier values",
      description:
        "For users who may view the project. Read from the kept sync runs: a value older than the oldest kept run has no origin.",
      tags: ["projects"],
      responses: { 200: { description: "Every field of the project", schema: ProjectHistoryOut } },
    }),
    param(ProjectIdParam),
    async (c) =>
      respond(
        c,
        ProjectHistoryOut,
        await runEffect(
          c,
          Effect.flatMap(ProjectHistory, (h) => h.forProject(c.req.valid("param").id)),
        ),
      ),
  )
  .get(
    "/integration/sync-runs/:id/undo",
    describe({
      summary:
        "Preview of undoing a run: what would be put back, and what a later run changed since (administrators)",
      tags,
      responses: { 200: { description: "The preview", schema: UndoPreviewOut } },
    }),
    param(IdParam),
    async (c) =>
      respond(
        c,
        UndoPreviewOut,
        await runEffect(
          c,
          Effect.flatMap(SyncRunUndo, (u) => u.preview(c.req.valid("param").id)),
        ),
      ),
  )
  .post(
    "/integration/sync-runs/:id/undo",
    describe({
      summary: "Undo a run: the CRM's copy as before it, except what changed since (administrators)",
      description:
        "Recorded as a run of its own (trigger undo) and in the audit log. The portal is not written: where it still differs, the next reconcile brings its view back. 409 when the run is running or already undone.",
      tags,
      responses: {
        200: { description: "The undo run, what was reverted and what was not", schema: UndoneOut },
      },
    }),
    param(IdParam),
    async (c) =>
      respond(
        c,
        UndoneOut,
        await runEffect(
          c,
          Effect.flatMap(SyncRunUndo, (u) => u.apply(c.req.valid("param").id)),
        ),
      ),
  )
  .get(
    "/integration/sync-health",
    describe({
      summary:
        "Sync health: the webhook subscription's last delivery, the last pass, its failing items and the next scheduled reconcile (administrators)",
      tags,
      responses: { 200: { description: "The sync health", schema: SyncHealthOut } },
    }),
    async (c) =>
      respond(
        c,
        SyncHealthOut,
        await runEffect(
          c,
          Effect.flatMap(SyncHealth, (h) => h.forOrganization()),
        ),
      ),
  )
