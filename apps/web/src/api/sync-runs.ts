// Reads and writes of the sync runs pages: runs newest first, one run and its items, Sync now and
// the dry run (administrators). Kept apart from the other pages' queries.
import { action, query, redirect } from "@solidjs/router"
import type { InferResponseType } from "hono/client"
import { ApiError, csrf, ok, rpc } from "./client"

const pageSize = 50

export type SyncRun = InferResponseType<(typeof rpc.integration)["sync-runs"]["$get"], 200>["items"][number]
export type SyncRunItem = InferResponseType<
  (typeof rpc.integration)["sync-runs"][":id"]["items"]["$get"],
  200
>["items"][number]
export type SyncNowStarted = InferResponseType<(typeof rpc.integration)["sync-runs"]["$post"], 202>

export type ProjectHistory = InferResponseType<(typeof rpc.projects)[":id"]["history"]["$get"], 200>

export interface SyncRunFilters {
  readonly trigger?: string
  readonly from?: string
  readonly to?: string
}

export interface SyncRunItemFilters {
  readonly entity?: string
  readonly object?: string
  readonly field?: string
  readonly outcome?: string
  readonly from?: string
  readonly to?: string
}

/** What a dry run's job returns (see the API's description of the dry run). */
export interface DryRunResult {
  readonly counts: { created: number; updated: number; removed: number; unchanged: number }
  readonly items: ReadonlyArray<{
    entity: SyncRunItem["entity"]
    key: string
    name: string | null
    outcome: "created" | "updated" | "removed"
    changes: ReadonlyArray<{ field: string; before: unknown; after: unknown }>
  }>
  readonly truncated: boolean
}

/** A dry run job's result, when it has the dry run's shape. */
export function dryRunResult(value: unknown): DryRunResult | undefined {
  if (typeof value !== "object" || value === null) return undefined
  const candidate = value as Partial<Record<keyof DryRunResult, unknown>>
  return typeof candidate.counts === "object" && Array.isArray(candidate.items)
    ? (value as DryRunResult)
    : undefined
}

async function read<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrf.set(undefined)
      throw redirect(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`)
    }
    throw error
  }
}

// Filters come from the URL: a value the API would refuse is left out rather than sent.
const TRIGGERS = ["import", "catch-up", "reconcile", "sync-now", "webhook", "undo", "crm-edit"]
const ENTITIES = ["project", "client", "client_user", "portal_user"]
const OUTCOMES = ["created", "updated", "removed", "failed"]
const known = (value: string | undefined, allowed: ReadonlyArray<string>) =>
  value !== undefined && allowed.includes(value) ? value : undefined
const clean = (filters: Readonly<Record<string, string | undefined>>) =>
  Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => !!entry[1]))

export const listSyncRuns = query(
  (filters: SyncRunFilters, cursor: string | null) =>
    read(async () =>
      ok(
        await rpc.integration["sync-runs"].$get({
          query: {
            ...clean({ ...filters, trigger: known(filters.trigger, TRIGGERS) }),
            limit: String(pageSize),
            ...(cursor ? { cursor } : {}),
          },
        }),
      ),
    ),
  "syncRuns",
)

export const getSyncRun = query(
  (id: string) => read(async () => ok(await rpc.integration["sync-runs"][":id"].$get({ param: { id } }))),
  "syncRun",
)

export const listSyncRunItems = query(
  (id: string, filters: SyncRunItemFilters, cursor: string | null) =>
    read(async () =>
      ok(
        await rpc.integration["sync-runs"][":id"].items.$get({
          param: { id },
          query: {
            ...clean({
              ...filters,
              entity: known(filters.entity, ENTITIES),
              outcome: known(filters.outcome, OUTCOMES),
            }),
            limit: "100",
            ...(cursor ? { cursor } : {}),
          },
        }),
      ),
    ),
  "syncRunItems",
)

export const getProjectHistory = query(
  (id: string) => read(async () => ok(await rpc.projects[":id"].history.$get({ param: { id } }))),
  "projectHistory",
)

export type UndoPreview = InferResponseType<(typeof rpc.integration)["sync-runs"][":id"]["undo"]["$get"], 200>
export type Undone = InferResponseType<(typeof rpc.integration)["sync-runs"][":id"]["undo"]["$post"], 200>

export const previewUndo = async (id: string): Promise<UndoPreview> =>
  read(async () => ok(await rpc.integration["sync-runs"][":id"].undo.$get({ param: { id } })))

export const undoRun = action(
  async (id: string): Promise<Undone> =>
    ok(await rpc.integration["sync-runs"][":id"].undo.$post({ param: { id } })),
  "undoRun",
)

export const getSyncHealth = query(
  () => read(async () => ok(await rpc.integration["sync-health"].$get())),
  "syncHealth",
)

export const startSyncNow = action(
  async (): Promise<SyncNowStarted> => ok(await rpc.integration["sync-runs"].$post()),
  "startSyncNow",
)

export const startDryRun = action(
  async () => ok(await rpc.integration["sync-runs"]["dry-run"].$post()),
  "startDryRun",
)
