/** Durable jobs: what the API shows (`GET /api/v1/jobs/:id`) and what handlers receive. */
import { Schema } from "effect"

export const JobId = Schema.UUID.pipe(Schema.brand("JobId"))
export type JobId = typeof JobId.Type

export const JobStatus = Schema.Literal("queued", "running", "succeeded", "failed", "cancelled")
export type JobStatus = typeof JobStatus.Type

export const isTerminal = (status: JobStatus) =>
  status === "succeeded" || status === "failed" || status === "cancelled"

export const JobProgress = Schema.Struct({
  done: Schema.Number,
  total: Schema.NullOr(Schema.Number),
  phase: Schema.NullOr(Schema.String),
})
export type JobProgress = typeof JobProgress.Type

export const JobError = Schema.Struct({ tag: Schema.String, message: Schema.String })
export type JobError = typeof JobError.Type

/** A job as the API returns it (encode with this schema: dates become ISO strings). */
export const Job = Schema.Struct({
  id: JobId,
  organizationId: Schema.NullOr(Schema.String),
  kind: Schema.String,
  payload: Schema.Unknown,
  status: JobStatus,
  attempts: Schema.Number,
  maxAttempts: Schema.Number,
  runAt: Schema.Date,
  progress: Schema.NullOr(JobProgress),
  checkpoint: Schema.Unknown,
  result: Schema.Unknown,
  error: Schema.NullOr(JobError),
  dedupeKey: Schema.NullOr(Schema.String),
  createdAt: Schema.Date,
  updatedAt: Schema.Date,
  startedAt: Schema.NullOr(Schema.Date),
  finishedAt: Schema.NullOr(Schema.Date),
})
export type Job = typeof Job.Type

export class JobNotFound extends Schema.TaggedError<JobNotFound>()("JobNotFound", { jobId: Schema.String }) {
  override get message() {
    return `job ${this.jobId} not found`
  }
}

/** Cancelling a job that already ended. */
export class JobAlreadyFinished extends Schema.TaggedError<JobAlreadyFinished>()("JobAlreadyFinished", {
  jobId: Schema.String,
  status: JobStatus,
}) {
  override get message() {
    return `job ${this.jobId} already ${this.status}`
  }
}
