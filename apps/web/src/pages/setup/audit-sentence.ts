// An audit entry as a sentence in the user's language ("Ada Admin associated the portal zylker-demo"),
// from its action and the names kept in its before/after data.
import type { AuditEntry } from "../../api/types"
import { en, type MessageKey } from "../../i18n/en"

type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null
const nameAt = (value: unknown, key: string): string | undefined => {
  const inner = isRecord(value) ? value[key] : undefined
  return isRecord(inner) && typeof inner.name === "string" ? inner.name : undefined
}
const isKey = (key: string): key is MessageKey => Object.hasOwn(en, key)

/** The actions the audit log knows how to say, for the page's action filter. */
export const auditActions = Object.keys(en)
  .filter((key) => key.startsWith("audit.integration."))
  .map((key) => key.slice("audit.".length))

export function auditActor(entry: AuditEntry, t: Translate): string {
  const name = entry.actor.name || t("audit.someone")
  return entry.actor.background ? t("audit.viaJob", { name }) : name
}

export function auditSentence(entry: AuditEntry, t: Translate): string {
  const key = `audit.${entry.action}`
  const name = (field: string) =>
    nameAt(entry.after, field) ?? nameAt(entry.before, field) ?? t("common.none")
  return t(isKey(key) ? key : "audit.other", {
    actor: auditActor(entry, t),
    portal: name("portal"),
    client: name("client"),
    account:
      nameAt(entry.action === "integration.client_unmapped" ? entry.before : entry.after, "account") ??
      t("common.none"),
  })
}
