/** Every failure of the integration a caller can act on: the HTTP edge gives each tag a status. */
import type {
  AccountAlreadyMapped,
  AutomaticMappingUnavailable,
  ClientNotFound,
  CredentialRejected,
  CrmProjectNotFound,
  FieldMappingInvalid,
  IntegrationKeyInvalid,
  IntegrationStateConflict,
  PermissionsInvalid,
  PortalNotAvailable,
  ProjectInputInvalid,
  ProjectPermissionDenied,
  ProjectsUnreachable,
  SyncRunNotFound,
  SyncRunNotUndoable,
  TransferRunNotFound,
  TrialExpired,
  WebhookPayloadInvalid,
  WebhookRejected,
} from "./index.js"

export type IntegrationError =
  | IntegrationStateConflict
  | TrialExpired
  | IntegrationKeyInvalid
  | CredentialRejected
  | PortalNotAvailable
  | ProjectsUnreachable
  | ProjectPermissionDenied
  | CrmProjectNotFound
  | WebhookRejected
  | WebhookPayloadInvalid
  | FieldMappingInvalid
  | PermissionsInvalid
  | ProjectInputInvalid
  | TransferRunNotFound
  | AutomaticMappingUnavailable
  | AccountAlreadyMapped
  | ClientNotFound
  | SyncRunNotFound
  | SyncRunNotUndoable
