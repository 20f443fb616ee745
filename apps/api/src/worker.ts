/**
 * The background worker every API process runs beside its routes: a job runner with the handlers of
 * mail and the integration, polling until the process stops (running jobs are handed back then).
 */
import { IntegrationJobs } from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import { MailJobs } from "@app/core/mail"
import { Layer } from "effect"

export const workerLayer = JobRunner.started.pipe(
  Layer.provideMerge(Layer.mergeAll(IntegrationJobs, MailJobs)),
  Layer.provideMerge(JobRunner.layer()),
)
