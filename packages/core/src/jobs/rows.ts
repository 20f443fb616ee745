/** Mapping between the `jobs` row and the `Job` model. */
import { jobs } from "../persistence/tables/jobs.js"
import type { Job, JobId } from "./model.js"

export type JobRow = typeof jobs.$inferSelect

export const toJob = (row: JobRow): Job => ({
  id: row.id as JobId,
  organizationId: row.organizationId,
  kind: row.kind,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  maxAttempts: row.maxAttempts,
  runAt: row.runAt,
  progress: row.progress ?? null,
  checkpoint: row.checkpoint ?? null,
  result: row.result ?? null,
  error: row.error ?? null,
  dedupeKey: row.dedupeKey,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
})

export { jobs }
