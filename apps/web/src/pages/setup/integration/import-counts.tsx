// What an import or catch-up sync did, from its job's result: projects read, projects removed because
// the portal no longer has them, client users that became contacts.
import { Show } from "solid-js"
import { useI18n } from "../../../i18n"

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null
const count = (u: unknown): number | undefined => (typeof u === "number" ? u : undefined)

export function ImportCounts(props: { readonly result: unknown }) {
  const { t } = useI18n()
  const result = () => (isRecord(props.result) ? props.result : {})
  const contacts = () => (isRecord(result().contacts) ? (result().contacts as Record<string, unknown>) : {})
  return (
    <Show when={count(result().projects) !== undefined}>
      <ul class="import-counts">
        <li>{t("setup.import.projects", { count: count(result().projects) ?? 0 })}</li>
        <li>{t("setup.import.removed", { count: count(result().removed) ?? 0 })}</li>
        <li>
          {t("setup.import.contacts", {
            linked: count(contacts().linked) ?? 0,
            created: count(contacts().created) ?? 0,
          })}
        </li>
      </ul>
    </Show>
  )
}
