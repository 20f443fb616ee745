/** Sync runs (SPEC §4.9): runs as records, their items, retention. */
export * from "./model.js"
export { type FieldHistory, type FieldOrigin, ProjectHistory } from "./project-history.js"
export { SYNC_RUNS_PURGE_JOB, SyncRunRetention, SyncRunsConfig } from "./retention.js"
export { SyncHealth } from "./sync-health.js"
export { type DryRunItem, SYNC_DRY_RUN_JOB, SyncNow } from "./sync-now.js"
export { SyncRunRecorder } from "./sync-run-recorder.js"
export { SyncRuns } from "./sync-runs.js"
export { SyncRunNotUndoable, SyncRunUndo, type UndoStep } from "./undo.js"
