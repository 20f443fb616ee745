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
export type Page<T> = { readonly items: ReadonlyArray<T>; readonly nextCursor: string | null }
export type CrmRecord = InferResponseType<typeof rpc.deals.$get, 200>["items"][number]
export type FieldValue = CrmRecord["values"][string]
export type ApiToken = InferResponseType<typeof rpc.tokens.$get, 200>["items"][number]
export type CreatedApiToken = InferResponseType<typeof rpc.tokens.$post, 201 | 200>

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
