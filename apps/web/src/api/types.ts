// Shapes the console reads from `/api/v1` (SPEC §7). Kept to what the screens use.

export type ModuleName = "deals" | "accounts" | "contacts"
export const moduleNames: ReadonlyArray<ModuleName> = ["deals", "accounts", "contacts"]

export type FieldType =
  | "text"
  | "textarea"
  | "email"
  | "phone"
  | "url"
  | "number"
  | "currency"
  | "percent"
  | "date"
  | "datetime"
  | "boolean"
  | "picklist"
  | "lookup"
  | "user"

export interface FieldMeta {
  readonly apiName: string
  readonly label: string
  readonly type: FieldType
  readonly required: boolean
  readonly unique?: boolean
  readonly custom: boolean
  readonly options?: ReadonlyArray<string>
  /** For `lookup` fields: the module the value points to. */
  readonly lookupModule?: ModuleName
  readonly position: number
}

export type FieldValue = string | number | boolean | null

export interface CrmRecord {
  readonly id: string
  /** The record's display name (deal name, account name, contact full name). */
  readonly name: string
  readonly values: Readonly<Record<string, FieldValue>>
  readonly createdAt?: string
  readonly updatedAt?: string
}

export interface Page<T> {
  readonly items: ReadonlyArray<T>
  readonly nextCursor: string | null
}

export interface Profile {
  readonly id: string
  readonly name: string
  readonly description?: string
  readonly isAdmin: boolean
  readonly builtIn: boolean
}

export interface User {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly active: boolean
  readonly profileId: string
  readonly profileName?: string
}

export interface ProjectPermissions {
  readonly tab: boolean
  readonly view: boolean
  readonly create: boolean
  readonly edit: boolean
  readonly delete: boolean
}

export interface Me {
  readonly user: User
  readonly profile: Profile
  readonly organization?: { readonly name: string; readonly edition: string }
  readonly projectPermissions?: ProjectPermissions
  readonly visibleTabs: ReadonlyArray<string>
  readonly csrfToken?: string
}

export interface ApiToken {
  readonly id: string
  readonly name: string
  readonly createdAt: string
  readonly lastUsedAt?: string | null
  readonly revokedAt?: string | null
  readonly prefix?: string
}

export interface CreatedApiToken extends ApiToken {
  /** The secret, returned by `POST /tokens` only. */
  readonly token: string
}

export type IntegrationState =
  | "not_enabled"
  | "setting_up"
  | "active"
  | "key_invalid"
  | "trial_expired"
  | "deactivated"

export interface IntegrationStatus {
  readonly status: IntegrationState
  readonly message?: string | null
  readonly trial?: { readonly endsAt: string } | null
  readonly portal?: { readonly id: string; readonly name: string } | null
}

export const isModuleName = (value: unknown): value is ModuleName =>
  typeof value === "string" && (moduleNames as ReadonlyArray<string>).includes(value)
