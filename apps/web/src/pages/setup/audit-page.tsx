// Setup › Audit log (administrators): every change of the integration as a sentence, filtered by
// action, person, dates and words; the filters live in the URL.
import { createAsync } from "@solidjs/router"
import { For, Show } from "solid-js"
import { type AuditFilters, listAuditPage, listUsers } from "../../api/queries"
import type { AuditEntry } from "../../api/types"
import { ErrorPanel } from "../../components/error-panel"
import { FilterForm, useFilters } from "../../components/filter-form"
import { PageHeader } from "../../components/page-header"
import { usePagedList } from "../../components/use-paged-list"
import { useI18n } from "../../i18n"
import type { MessageKey } from "../../i18n/en"
import { AdminOnly } from "./admin-only"
import { auditActions, auditActor, auditSentence } from "./audit-sentence"

const filterNames = ["action", "actor", "from", "to", "search"] as const

/** What the action filter shows: the sentence without its people and names. */
const actionLabel = (action: string, t: (key: MessageKey, params?: Record<string, string>) => string) =>
  t(`audit.${action}` as MessageKey, { actor: "…", portal: "…", client: "…", account: "…" })

function AuditList(props: { readonly filters: AuditFilters }) {
  const { t, formatDate } = useI18n()
  const list = usePagedList(
    () => props.filters,
    (filters, cursor) => listAuditPage(filters, cursor),
  )
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("auditPage.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("setup.audit.when")}</th>
              <th scope="col">{t("setup.audit.who")}</th>
              <th scope="col">{t("setup.audit.what")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={list.items() as ReadonlyArray<AuditEntry>}
              fallback={
                <tr>
                  <td colSpan={3}>{list.loaded() ? t("auditPage.empty") : t("app.loading")}</td>
                </tr>
              }
            >
              {(entry) => (
                <tr>
                  <td>{formatDate(entry.at, true)}</td>
                  <td translate="no">{auditActor(entry, t)}</td>
                  <th scope="row">{auditSentence(entry, t)}</th>
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

export function AuditPage() {
  const { t } = useI18n()
  const { filters, apply, clear } = useFilters(filterNames)
  const users = createAsync(() => listUsers())
  return (
    <AdminOnly title={t("auditPage.title")}>
      <PageHeader title={t("auditPage.title")} breadcrumb={t("nav.setup")}>
        <p class="muted">{t("auditPage.intro")}</p>
      </PageHeader>
      <FilterForm label={t("filters.title")} onApply={apply} onClear={clear}>
        <div class="field">
          <label for="audit-search">{t("filters.search")}</label>
          <input id="audit-search" name="search" type="search" value={filters().search ?? ""} />
        </div>
        <div class="field">
          <label for="audit-action">{t("auditPage.action")}</label>
          <select id="audit-action" name="action" value={filters().action ?? ""}>
            <option value="">{t("auditPage.anyAction")}</option>
            <For each={auditActions}>
              {(action) => <option value={action}>{actionLabel(action, t)}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="audit-actor">{t("auditPage.person")}</label>
          <select id="audit-actor" name="actor" value={filters().actor ?? ""}>
            <option value="">{t("auditPage.anyone")}</option>
            <For each={users() ?? []}>
              {(user) => (
                <option value={user.id} translate="no">
                  {user.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="audit-from">{t("filters.from")}</label>
          <input id="audit-from" name="from" type="date" value={filters().from ?? ""} />
        </div>
        <div class="field">
          <label for="audit-to">{t("filters.to")}</label>
          <input id="audit-to" name="to" type="date" value={filters().to ?? ""} />
        </div>
      </FilterForm>
      <AuditList filters={filters()} />
    </AdminOnly>
  )
}
