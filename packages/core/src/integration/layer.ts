/**
 * The integration's services in one layer. It needs, from the edge: Database, ProjectsClient,
 * Secrets, IntegrationConfig and JobQueue.
 */
import { Layer } from "effect"
import { OutboundEvents } from "../external/events/outbound-events.js"
import { AuditLog } from "./audit/audit-log.js"
import { ClientContacts } from "./client-mapping/client-contacts.js"
import { ClientMapping } from "./client-mapping/client-mapping.js"
import { FieldMapping } from "./field-mapping/field-mapping.js"
import { ProjectDrafts } from "./field-mapping/project-drafts.js"
import { ProjectWrites } from "./field-mapping/project-writes.js"
import { Deactivation } from "./lifecycle/deactivation.js"
import { IntegrationState } from "./lifecycle/integration-state.js"
import { ProjectPermissions } from "./permissions/project-permissions.js"
import { PortalConnection } from "./portal/portal-connection.js"
import { PortalSetup } from "./portal/portal-setup.js"
import { CrmProjects } from "./projects/crm-projects.js"
import { ProjectCreateIntents } from "./projects/project-create-intents.js"
import { ProjectForms } from "./projects/project-form.js"
import { ProjectProgress } from "./projects/project-progress.js"
import { ServiceKeys } from "./service-key/service-keys.js"
import { PortalCopy } from "./sync/portal-copy.js"
import { PortalProjectEvents } from "./sync/portal-project-events.js"
import { PortalSync } from "./sync/portal-sync.js"
import { WebhookInbox } from "./sync/webhook-inbox.js"
import { ProjectHistory } from "./sync-runs/project-history.js"
import { SyncRunRetention, SyncRunsConfig } from "./sync-runs/retention.js"
import { SyncHealth } from "./sync-runs/sync-health.js"
import { SyncNow } from "./sync-runs/sync-now.js"
import { SyncRunRecorder } from "./sync-runs/sync-run-recorder.js"
import { SyncRuns } from "./sync-runs/sync-runs.js"
import { SyncRunUndo } from "./sync-runs/undo.js"
import { UserTransfers } from "./user-transfer/user-transfers.js"

const services = Layer.mergeAll(
  PortalSetup.Default,
  ServiceKeys.Default,
  Deactivation.Default,
  CrmProjects.Default,
  WebhookInbox.Default,
  ClientMapping.Default,
  ProjectDrafts.Default,
  ProjectWrites.Default,
  ProjectForms.Default,
  ProjectProgress.Default,
  SyncRunRetention.Default,
  SyncNow.Default,
  SyncRunUndo.Default,
  SyncHealth.Default,
).pipe(
  Layer.provideMerge(SyncRuns.Default),
  Layer.provideMerge(FieldMapping.Default),
  Layer.provideMerge(ProjectPermissions.Default),
  Layer.provideMerge(UserTransfers.Default),
  Layer.provideMerge(PortalSync.Default),
  Layer.provideMerge(PortalConnection.Default),
  Layer.provideMerge(
    Layer.mergeAll(
      IntegrationState.Default,
      AuditLog.Default,
      PortalCopy.Default,
      ClientContacts.Default,
      ProjectCreateIntents.Default,
      SyncRunRecorder.Default,
      SyncRunsConfig.Default,
      PortalProjectEvents.Default,
    ),
  ),
  Layer.provideMerge(OutboundEvents.Default),
)

// A project's history reads the project as the CRM shows it (and its View rule).
export const IntegrationLayer = ProjectHistory.Default.pipe(Layer.provideMerge(services))
