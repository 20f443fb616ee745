// A project's per-field history on its page: each field's value, where it came from (the portal in
// run N, a CRM user's edit) and its earlier values, newest first.
import { createAsync } from "@solidjs/router"
import { For, Show } from "solid-js"
import { getProjectHistory, type ProjectHistory } from "../../api/sync-runs"
import { ErrorPanel } from "../../components/error-panel"
import { useI18n } from "../../i18n"
import { changedFieldLabel, formatValue } from "./field-change"

type Origin = ProjectHistory["fields"][number]["origin"]

export function ProjectFieldHistory(props: { readonly projectId: string }) {
  const { t, formatDate } = useI18n()
  const history = createAsync(() => getProjectHistory(props.projectId).catch((error: unknown) => ({ error })))
  const words = () => ({ none: t("common.none"), yes: t("common.yes"), no: t("common.no") })
  const origin = (from: Origin) => {
    if (from === null) return t("history.origin.unknown")
    const params = { number: from.runNumber, at: formatDate(from.at, true), by: from.by }
    if (from.kind === "crm-edit") return t("history.origin.crmEdit", params)
    if (from.kind === "undo") return t("history.origin.undo", params)
    return t("history.origin.portal", params)
  }
  return (
    <section class="panel" aria-labelledby="project-history">
      <h2 id="project-history">{t("history.title")}</h2>
      <Show when={history()} fallback={<p>{t("app.loading")}</p>}>
        {(loaded) => {
          const value = loaded()
          return "error" in value ? (
            <ErrorPanel error={value.error} />
          ) : (
            <div class="table-wrap">
              <table>
                <caption class="visually-hidden">{t("history.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("history.field")}</th>
                    <th scope="col">{t("history.value")}</th>
                    <th scope="col">{t("history.origin")}</th>
                    <th scope="col">{t("history.earlier")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={value.fields}>
                    {(field) => (
                      <tr>
                        <th scope="row" translate="no">
                          {changedFieldLabel(field.field, t)}
                        </th>
                        <td translate="no">{formatValue(field.value, words())}</td>
                        <td>{origin(field.origin)}</td>
                        <td>
                          <Show when={field.earlier.length > 0} fallback={t("common.none")}>
                            <ul class="field-changes">
                              <For each={field.earlier}>
                                {(earlier) => (
                                  <li>
                                    {t("history.earlierValue", {
                                      value: formatValue(earlier.value, words()),
                                      origin: origin(earlier.origin),
                                    })}
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )
        }}
      </Show>
    </section>
  )
}
