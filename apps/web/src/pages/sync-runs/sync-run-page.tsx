// Setup › Sync runs › Run N: when and by whom it ran, its counts, and its items — what changed,
// field by field, or why an object was refused — filtered by kind, outcome, object and field.
import { A, createAsync, useParams } from "@solidjs/router"
import { For, Show } from "solid-js"
import {
  getSyncRun,
  listSyncRunItems,
  type SyncRun,
  type SyncRunItem,
  type SyncRunItemFilters,
} from "../../api/sync-runs"
import { ErrorPanel } from "../../components/error-panel"
import { FilterForm, useFilters } from "../../components/filter-form"
import { PageHeader } from "../../components/page-header"
import { usePagedList } from "../../components/use-paged-list"
import { useI18n } from "../../i18n"
import { AdminOnly } from "../setup/admin-only"
import { FieldChanges } from "./field-change"
import {
  entities,
  entityLabel,
  outcomeLabel,
  outcomes,
  starterLabel,
  statusLabel,
  triggerLabel,
} from "./labels"
import { UndoPanel } from "./undo-panel"

const filterNames = ["entity", "outcome", "object", "field"] as const

function RunSummary(props: { readonly run: SyncRun }) {
  const { t, formatDate, locale } = useI18n()
  const n = (value: number) => new Intl.NumberFormat(locale()).format(value)
  const rows = () => {
    const run = props.run
    return [
      { label: t("syncRuns.trigger"), value: triggerLabel(run.trigger, t) },
      { label: t("syncRuns.startedBy"), value: starterLabel(run, t), literal: true },
      { label: t("syncRuns.started"), value: formatDate(run.startedAt, true) },
      { label: t("syncRuns.ended"), value: run.endedAt ? formatDate(run.endedAt, true) : t("common.none") },
      { label: t("syncRuns.statusLabel"), value: statusLabel(run, t) },
      { label: t("syncRuns.created"), value: n(run.counts.created) },
      { label: t("syncRuns.updated"), value: n(run.counts.updated) },
      { label: t("syncRuns.removed"), value: n(run.counts.removed) },
      { label: t("syncRuns.unchanged"), value: n(run.counts.unchanged) },
      { label: t("syncRuns.failed"), value: n(run.counts.failed) },
    ]
  }
  return (
    <section class="panel" aria-labelledby="run-summary">
      <h2 id="run-summary">{t("syncRun.summary")}</h2>
      <dl class="details">
        <For each={rows()}>
          {(row) => (
            <div>
              <dt>{row.label}</dt>
              <dd translate={row.literal ? "no" : undefined}>{row.value}</dd>
            </div>
          )}
        </For>
      </dl>
      <Show when={props.run.status === "running"}>
        <p class="muted">{t("syncRun.running")}</p>
      </Show>
    </section>
  )
}

function RunItems(props: { readonly run: SyncRun; readonly filters: SyncRunItemFilters }) {
  const { t, formatDate } = useI18n()
  const list = usePagedList(
    () => ({ id: props.run.id, filters: props.filters }),
    (input, cursor) => listSyncRunItems(input.id, input.filters, cursor),
  )
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption>{t("syncRun.itemsCaption", { number: props.run.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("syncRun.object")}</th>
              <th scope="col">{t("syncRun.kind")}</th>
              <th scope="col">{t("syncRun.outcome")}</th>
              <th scope="col">{t("syncRun.changes")}</th>
              <th scope="col">{t("syncRun.when")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={list.items() as ReadonlyArray<SyncRunItem>}
              fallback={
                <tr>
                  <td colSpan={5}>{list.loaded() ? t("syncRun.itemsEmpty") : t("app.loading")}</td>
                </tr>
              }
            >
              {(item) => (
                <tr>
                  <th scope="row" translate="no">
                    {item.name ?? item.key}
                    <span class="muted"> · {item.key}</span>
                  </th>
                  <td>{entityLabel(item.entity, t)}</td>
                  <td>{outcomeLabel(item.outcome, t)}</td>
                  <td>
                    <Show when={item.reason} fallback={<FieldChanges changes={item.changes} />}>
                      {(reason) => t("syncRun.reason", { reason: reason() })}
                    </Show>
                  </td>
                  <td>{formatDate(item.at, true)}</td>
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

export function SyncRunPage() {
  const { t } = useI18n()
  const params = useParams()
  const { filters, apply, clear } = useFilters(filterNames)
  const run = createAsync(() => getSyncRun(params.id ?? ""))
  return (
    <AdminOnly title={t("syncRuns.title")}>
      <Show when={run()} fallback={<p>{t("app.loading")}</p>}>
        {(loaded) => (
          <>
            <PageHeader title={t("syncRun.title", { number: loaded().number })} breadcrumb={t("nav.setup")}>
              <p>
                <A href="/setup/sync-runs">{t("syncRun.back")}</A>
              </p>
            </PageHeader>
            <RunSummary run={loaded()} />
            <Show when={loaded().status !== "running" && loaded().trigger !== "crm-edit"}>
              <UndoPanel run={loaded()} />
            </Show>
            <h2>{t("syncRun.items")}</h2>
            <FilterForm label={t("filters.title")} onApply={apply} onClear={clear}>
              <div class="field">
                <label for="run-object">{t("syncRun.objectSearch")}</label>
                <input id="run-object" name="object" type="search" value={filters().object ?? ""} />
              </div>
              <div class="field">
                <label for="run-entity">{t("syncRun.kind")}</label>
                <select id="run-entity" name="entity" value={filters().entity ?? ""}>
                  <option value="">{t("syncRun.anyKind")}</option>
                  <For each={entities}>
                    {(entity) => <option value={entity}>{entityLabel(entity, t)}</option>}
                  </For>
                </select>
              </div>
              <div class="field">
                <label for="run-outcome">{t("syncRun.outcome")}</label>
                <select id="run-outcome" name="outcome" value={filters().outcome ?? ""}>
                  <option value="">{t("syncRun.anyOutcome")}</option>
                  <For each={outcomes}>
                    {(outcome) => <option value={outcome}>{outcomeLabel(outcome, t)}</option>}
                  </For>
                </select>
              </div>
              <div class="field">
                <label for="run-field">{t("syncRun.field")}</label>
                <input id="run-field" name="field" type="text" value={filters().field ?? ""} />
              </div>
            </FilterForm>
            <RunItems run={loaded()} filters={filters()} />
          </>
        )}
      </Show>
    </AdminOnly>
  )
}
