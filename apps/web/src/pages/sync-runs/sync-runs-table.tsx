// The runs, newest first, each a link to its report; filtered by trigger and start date.
import { A } from "@solidjs/router"
import { For, Show } from "solid-js"
import { listSyncRuns, type SyncRun, type SyncRunFilters } from "../../api/sync-runs"
import { ErrorPanel } from "../../components/error-panel"
import { usePagedList } from "../../components/use-paged-list"
import { useI18n } from "../../i18n"
import { starterLabel, statusLabel, triggerLabel } from "./labels"

export function SyncRunsTable(props: { readonly filters: SyncRunFilters }) {
  const { t, formatDate, locale } = useI18n()
  const n = (value: number) => new Intl.NumberFormat(locale()).format(value)
  const list = usePagedList(
    () => props.filters,
    (filters, cursor) => listSyncRuns(filters, cursor),
  )
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("syncRuns.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("syncRuns.number")}</th>
              <th scope="col">{t("syncRuns.trigger")}</th>
              <th scope="col">{t("syncRuns.startedBy")}</th>
              <th scope="col">{t("syncRuns.started")}</th>
              <th scope="col">{t("syncRuns.statusLabel")}</th>
              <th scope="col">{t("syncRuns.created")}</th>
              <th scope="col">{t("syncRuns.updated")}</th>
              <th scope="col">{t("syncRuns.removed")}</th>
              <th scope="col">{t("syncRuns.unchanged")}</th>
              <th scope="col">{t("syncRuns.failed")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={list.items() as ReadonlyArray<SyncRun>}
              fallback={
                <tr>
                  <td colSpan={10}>{list.loaded() ? t("syncRuns.empty") : t("app.loading")}</td>
                </tr>
              }
            >
              {(run) => (
                <tr>
                  <th scope="row">
                    <A href={`/setup/sync-runs/${run.id}`}>
                      {t("syncRuns.runNumber", { number: run.number })}
                    </A>
                  </th>
                  <td>{triggerLabel(run.trigger, t)}</td>
                  <td translate="no">{starterLabel(run, t)}</td>
                  <td>{formatDate(run.startedAt, true)}</td>
                  <td>{statusLabel(run, t)}</td>
                  <td>{n(run.counts.created)}</td>
                  <td>{n(run.counts.updated)}</td>
                  <td>{n(run.counts.removed)}</td>
                  <td>{n(run.counts.unchanged)}</td>
                  <td>{n(run.counts.failed)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={list.error()}>{(error) => <ErrorPanel error={error()} />}</Show>
      <Show when={list.hasMore()}>
        <button type="button" class="button" disabled={list.loading()} onClick={() => void list.loadMore()}>
          {list.loading() ? t("common.loadingMore") : t("common.loadMore")}
        </button>
      </Show>
    </>
  )
}
