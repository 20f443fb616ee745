// Shapes the console reads, inferred from the API's routes (`ApiRoutes`), so a change of the API's
// bodies fails the console's typecheck instead of its users.
import type { InferResponseType } from "hono/client"
import type { rpc } from "./client"

export type Me = InferResponseType<typeof rpc.me.$get, 200>
export type User = Me["user"]
export type Profile = Me["profile"]
export type FieldMeta = InferResponseType<
  (typeof rpc.metadata)[":module"]["fields"]["$get"],
  200
>["items"][number]
export type ModuleName = FieldMeta["module"]
export type FieldType = FieldMeta["type"]
export type CrmRecord = InferResponseType<typeof rpc.deals.$get, 200>["items"][number]
export type FieldValue = CrmRecord["values"][string]
export type ApiToken = InferResponseType<typeof rpc.tokens.$get, 200>["items"][number]
export type EventEndpoint = InferResponseType<(typeof rpc)["event-endpoints"]["$get"], 200>["items"][number]
export type EventDelivery = InferResponseType<
  (typeof rpc)["event-endpoints"][":id"]["deliveries"]["$get"],
  200
>["items"][number]

export const moduleNames: ReadonlyArray<ModuleName> = ["deals", "accounts", "contacts"]

export const fieldTypes: ReadonlyArray<FieldType> = [
  "text",
  "textarea",
  "email",
  "phone",
  "url",
  "number",
  "currency",
  "percent",
  "date",
  "datetime",
  "boolean",
  "picklist",
  "lookup",
  "user",
]

export const isModuleName = (value: unknown): value is ModuleName =>
  typeof value === "string" && (moduleNames as ReadonlyArray<string>).includes(value)

export type IntegrationStatus = InferResponseType<typeof rpc.integration.$get, 200>
export type IntegrationState = IntegrationStatus["status"]
export type PortalSummary = InferResponseType<typeof rpc.integration.portals.$get, 200>["items"][number]
export type Job = InferResponseType<(typeof rpc.jobs)[":id"]["$get"], 200>
export type AuditEntry = InferResponseType<typeof rpc.integration.audit.$get, 200>["items"][number]
export type ProfilePermissions = InferResponseType<
  typeof rpc.integration.permissions.$get,
  200
>["items"][number]
export type PermissionSet = ProfilePermissions["permissions"]
export type PermissionAction = keyof PermissionSet
export const permissionActions: ReadonlyArray<PermissionAction> = ["tab", "view", "create", "edit", "delete"]
export type PermissionsPreview = InferResponseType<typeof rpc.integration.permissions.preview.$post, 200>
export type CrmProject = InferResponseType<typeof rpc.projects.$get, 200>["items"][number]
export type ChosenPortal = {
  readonly integration: IntegrationStatus
  readonly importJob: { readonly id: string }
}
type FieldMappingRoutes = (typeof rpc.integration)["field-mappings"]
export type FieldMappingCandidates = InferResponseType<FieldMappingRoutes["candidates"]["$get"], 200>
export type FieldMappingView = InferResponseType<FieldMappingRoutes["$get"], 200>
export type ClientMappingPreview = InferResponseType<
  (typeof rpc.integration)["client-mapping"]["preview"]["$post"],
  200
>
export type ClientMappingEntry = InferResponseType<
  (typeof rpc.integration)["client-mappings"]["$get"],
  200
>["items"][number]
export type ProjectFormView = InferResponseType<typeof rpc.projects.form.$get, 200>
export type ProjectFormField = ProjectFormView["fields"][number]
export type ProjectDraftView = InferResponseType<(typeof rpc.deals)[":id"]["projects"]["draft"]["$get"], 200>
