// A dry run's result: what a reconcile would create, update (field by field) and remove.
import { For, Show } from "solid-js"
import type { DryRunResult } from "../../api/sync-runs"
import { useI18n } from "../../i18n"
import { FieldChanges } from "./field-change"
import { entityLabel, outcomeLabel } from "./labels"

export function DryRunReport(props: { readonly result: DryRunResult }) {
  const { t, locale } = useI18n()
  const n = (value: number) => new Intl.NumberFormat(locale()).format(value)
  const counts = () => props.result.counts
  const differences = () => counts().created + counts().updated + counts().removed
  return (
    <Show when={differences() > 0} fallback={<p>{t("syncRuns.dryRunNothing")}</p>}>
      <p>
        {t("syncRuns.dryRunSummary", {
          created: n(counts().created),
          updated: n(counts().updated),
          removed: n(counts().removed),
          unchanged: n(counts().unchanged),
        })}
      </p>
      <Show when={props.result.truncated}>
        <p class="muted">{t("syncRuns.dryRunTruncated", { shown: n(props.result.items.length) })}</p>
      </Show>
      <p class="muted">
        {t("syncRuns.crmValue")} → {t("syncRuns.portalValue")}
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t("syncRuns.dryRunCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("syncRun.object")}</th>
              <th scope="col">{t("syncRun.kind")}</th>
              <th scope="col">{t("syncRun.outcome")}</th>
              <th scope="col">{t("syncRun.changes")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.result.items}>
              {(item) => (
                <tr>
                  <th scope="row" translate="no">
                    {item.name ?? item.key}
                  </th>
                  <td>{entityLabel(item.entity, t)}</td>
                  <td>{outcomeLabel(item.outcome, t)}</td>
                  <td>
                    <FieldChanges changes={item.changes} />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  )
}
