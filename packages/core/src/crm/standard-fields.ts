/**
 * The standard fields every organization starts with, per module. `owner` and `account` live in
 * real columns of crm_records (indexed); the others in its jsonb `values`.
 */
import type { FieldType, Module } from "./model.js"

export interface StandardField {
  readonly apiName: string
  readonly label: string
  readonly type: FieldType
  readonly required?: boolean
  readonly unique?: boolean
  readonly options?: ReadonlyArray<string>
  readonly lookupModule?: Module
}

export const DEAL_STAGES = [
  "Qualification",
  "Needs Analysis",
  "Proposal",
  "Negotiation",
  "Closed Won",
  "Closed Lost",
] as const

export const INDUSTRIES = [
  "Technology",
  "Manufacturing",
  "Retail",
  "Finance",
  "Healthcare",
  "Energy",
  "Other",
] as const

export const standardFields: { readonly [M in Module]: ReadonlyArray<StandardField> } = {
  accounts: [
    { apiName: "name", label: "Account Name", type: "text", required: true },
    { apiName: "owner", label: "Account Owner", type: "user", required: true },
    { apiName: "website", label: "Website", type: "url" },
    { apiName: "phone", label: "Phone", type: "phone" },
    { apiName: "industry", label: "Industry", type: "picklist", options: INDUSTRIES },
    { apiName: "employees", label: "Employees", type: "number" },
    { apiName: "annual_revenue", label: "Annual Revenue", type: "currency" },
    { apiName: "description", label: "Description", type: "textarea" },
  ],
  contacts: [
    { apiName: "first_name", label: "First Name", type: "text" },
    { apiName: "last_name", label: "Last Name", type: "text", required: true },
    { apiName: "account", label: "Account Name", type: "lookup", required: true, lookupModule: "accounts" },
    { apiName: "owner", label: "Contact Owner", type: "user", required: true },
    { apiName: "email", label: "Email", type: "email", unique: true },
    { apiName: "phone", label: "Phone", type: "phone" },
    { apiName: "title", label: "Title", type: "text" },
    { apiName: "description", label: "Description", type: "textarea" },
  ],
  deals: [
    { apiName: "name", label: "Deal Name", type: "text", required: true },
    { apiName: "account", label: "Account Name", type: "lookup", lookupModule: "accounts" },
    { apiName: "owner", label: "Deal Owner", type: "user", required: true },
    { apiName: "amount", label: "Amount", type: "currency" },
    { apiName: "stage", label: "Stage", type: "picklist", required: true, options: DEAL_STAGES },
    { apiName: "closing_date", label: "Closing Date", type: "date" },
    { apiName: "probability", label: "Probability (%)", type: "percent" },
    { apiName: "description", label: "Description", type: "textarea" },
  ],
}

/** Api names a custom field may not take: standard ones of any module and the record's own properties. */
export const reservedApiNames: ReadonlySet<string> = new Set([
  "id",
  "module",
  "name",
  "owner",
  "account",
  "created_at",
  "updated_at",
  ...Object.values(standardFields).flatMap((fields) => fields.map((f) => f.apiName)),
])
