/**
 * Which CRM field may fill which project field (SPEC §4.3: "Types must be compatible (say why not)").
 * The one place these rules live: the mapping API validates with them, the API docs print them, and
 * the draft conversion follows them. Values flow CRM record → project draft.
 */
import type { FieldType } from "../../crm/model.js"
import { type ProjectFieldType, ProjectFieldTypes } from "../../projects-client/model.js"

export { type ProjectFieldType, ProjectFieldTypes }

/** For each project field type, the CRM field types whose values convert without loss of meaning. */
export const compatibleSources: Record<ProjectFieldType, ReadonlyArray<FieldType>> = {
  text: [
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
  ],
  multiline: ["text", "textarea", "email", "phone", "url", "picklist"],
  email: ["email"],
  phone: ["phone"],
  url: ["url"],
  number: ["number"],
  decimal: ["number", "currency", "percent"],
  currency: ["currency", "number"],
  percent: ["percent", "number"],
  date: ["date", "datetime"],
  datetime: ["datetime", "date"],
  boolean: ["boolean"],
  picklist: ["picklist"],
  multi_select: ["picklist"],
  user_picklist: ["user"],
  multi_user_picklist: ["user"],
}

const why: Partial<Record<ProjectFieldType, string>> = {
  email: "only an email field holds an email address",
  phone: "only a phone field holds a phone number",
  url: "only a URL field holds a web address",
  number: "a whole-number project field takes only a CRM number field",
  boolean: "only a checkbox (boolean) field holds yes/no",
  picklist: "a picklist takes only a picklist, whose options must match",
  multi_select: "a multi-select takes only a picklist, whose options must match",
  user_picklist: "a user field takes only a CRM user field (matched by email)",
  multi_user_picklist: "a user field takes only a CRM user field (matched by email)",
  date: "a date takes only a date or date-time field",
  datetime: "a date-time takes only a date or date-time field",
}

export type Compatibility =
  | { readonly compatible: true }
  | { readonly compatible: false; readonly reason: string }

export const compatibility = (projectType: ProjectFieldType, crmType: FieldType): Compatibility =>
  compatibleSources[projectType].includes(crmType)
    ? { compatible: true }
    : {
        compatible: false,
        reason: `a ${crmType} field cannot fill a ${projectType} project field: ${
          why[projectType] ?? `accepted types are ${compatibleSources[projectType].join(", ")}`
        }`,
      }

/** Picklist → picklist/multi-select: the CRM options without a project counterpart (case-insensitive). */
export const missingOptions = (crmOptions: ReadonlyArray<string>, projectOptions: ReadonlyArray<string>) => {
  const available = new Set(projectOptions.map((o) => o.trim().toLowerCase()))
  return crmOptions.filter((o) => !available.has(o.trim().toLowerCase()))
}
