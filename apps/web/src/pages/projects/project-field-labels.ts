// The labels of the portal's standard project fields in the console's language; custom fields keep
// the label the portal's admin typed.
import type { MessageKey } from "../../i18n/en"

const standardLabels: Readonly<Record<string, MessageKey>> = {
  name: "projects.name",
  description: "projects.description",
  owner: "projects.owner",
  status: "projects.status",
  start_date: "projects.startDate",
  end_date: "projects.endDate",
}

/** The message key of a standard project field's label, if it is one. */
export const standardLabelKey = (apiName: string, custom: boolean): MessageKey | undefined =>
  custom ? undefined : standardLabels[apiName]
