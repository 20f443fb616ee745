// Words for a run's trigger, status, starter, and an item's kind and outcome.
import type { SyncRun, SyncRunItem } from "../../api/sync-runs"
import type { MessageKey } from "../../i18n/en"

type T = (key: MessageKey, params?: Record<string, string | number>) => string

export const triggers = [
  "import",
  "catch-up",
  "reconcile",
  "sync-now",
  "webhook",
  "undo",
  "crm-edit",
] as const
export const entities = ["project", "client", "client_user", "portal_user"] as const
export const outcomes = ["created", "updated", "removed", "failed"] as const

export const triggerLabel = (trigger: string, t: T) => t(`syncRuns.trigger.${trigger}` as MessageKey)
export const statusLabel = (run: SyncRun, t: T) => t(`syncRuns.status.${run.status}` as MessageKey)
export const entityLabel = (entity: SyncRunItem["entity"], t: T) =>
  t(`syncRun.entity.${entity}` as MessageKey)
export const outcomeLabel = (outcome: string, t: T) => t(`syncRun.outcome.${outcome}` as MessageKey)

/** Who started the run: the schedule, the portal, or a person (their name, without the address). */
export const starterLabel = (run: SyncRun, t: T) => {
  if (run.startedBy.label === "schedule") return t("syncRuns.by.schedule")
  if (run.startedBy.label === "portal webhook") return t("syncRuns.by.webhook")
  return run.startedBy.label.replace(/\s*<[^>]*>$/, "")
}
