/** The Projects integration (SPEC §4): what the API and the job runner use. */
export { AuditEntry, AuditLog } from "./audit/audit-log.js"
export * from "./client-mapping/index.js"
export * from "./errors.js"
export {
  compatibility,
  compatibleSources,
  missingOptions,
  ProjectFieldTypes,
} from "./field-mapping/compatibility.js"
export {
  type ConvertContext,
  type Converted,
  convertValue,
} from "./field-mapping/draft-values.js"
export { FieldMapping, mappingProblems, type PortalField, readLine } from "./field-mapping/field-mapping.js"
export * from "./field-mapping/model.js"
export { ProjectDrafts } from "./field-mapping/project-drafts.js"
export { ProjectInput, ProjectInputInvalid, ProjectWrites } from "./field-mapping/project-writes.js"
export { IntegrationConfig, type IntegrationSettings } from "./integration-config.js"
export type { IntegrationError } from "./integration-error.js"
export { IntegrationJobs } from "./jobs.js"
export { IntegrationLayer } from "./layer.js"
export { Deactivation } from "./lifecycle/deactivation.js"
export { IntegrationState } from "./lifecycle/integration-state.js"
export { loadTrialDemo, trialDemoOrganizations } from "./lifecycle/trial-demo.js"
export * from "./model.js"
export * from "./permissions/model.js"
export { ProjectPermissions } from "./permissions/project-permissions.js"
export { PortalConnection } from "./portal/portal-connection.js"
export { type CredentialSource, PortalSetup, PortalSummary } from "./portal/portal-setup.js"
export { CrmProjects, ProjectPage, toCrmProject } from "./projects/crm-projects.js"
export * from "./projects/model.js"
export { ProjectForm, ProjectFormField, ProjectForms } from "./projects/project-form.js"
export { ProjectProgress } from "./projects/project-progress.js"
export { ServiceKeys } from "./service-key/service-keys.js"
export { PortalCopy } from "./sync/portal-copy.js"
export { PortalSync, SYNC_JOB } from "./sync/portal-sync.js"
export { WebhookEvent, WebhookInbox, WebhookPayloadInvalid, WebhookRejected } from "./sync/webhook-inbox.js"
export * from "./sync-runs/index.js"
export * from "./user-transfer/model.js"
export { UserTransferTriggers } from "./user-transfer/user-transfer-triggers.js"
export { UserTransfers } from "./user-transfer/user-transfers.js"
