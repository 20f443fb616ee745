/**
 * The background worker every API process runs beside its routes: a job runner with the handlers of
 * mail, the integration and outbound events, polling until the process stops (running jobs are handed back then).
 */
import { ExternalJobs } from "@app/core/external"
import { IntegrationJobs } from "@app/core/integration"
import { JobRunner } from "@app/core/jobs"
import { MailJobs } from "@app/core/mail"
import { Layer } from "effect"

export const workerLayer = JobRunner.started.pipe(
  Layer.provideMerge(Layer.mergeAll(IntegrationJobs, MailJobs, ExternalJobs)),
  // A malformed JOB_RETENTION is a deployment fault: the process stops with it rather than serving.
  Layer.provideMerge(JobRunner.fromConfig.pipe(Layer.orDie)),
)
