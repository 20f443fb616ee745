// Setup › Outbox (administrators): every message the CRM sent or kept (client mapping reports…),
// filtered by status, recipient, dates and words; the filters live in the URL.
import { For, Show } from "solid-js"
import { listOutbox, type OutboxFilters } from "../../api/queries"
import { ErrorPanel } from "../../components/error-panel"
import { FilterForm, useFilters } from "../../components/filter-form"
import { PageHeader } from "../../components/page-header"
import { usePagedList } from "../../components/use-paged-list"
import { useI18n } from "../../i18n"
import { AdminOnly } from "./admin-only"

const filterNames = ["status", "recipient", "from", "to", "search"] as const
const statuses = ["stored", "queued", "sent", "failed"] as const
const isStatus = (value: string | undefined): value is (typeof statuses)[number] =>
  statuses.some((status) => status === value)

function OutboxList(props: { readonly filters: OutboxFilters }) {
  const { t, formatDate } = useI18n()
  const list = usePagedList(
    () => props.filters,
    (filters, cursor) => listOutbox(filters, cursor),
  )
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("outbox.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("outbox.when")}</th>
              <th scope="col">{t("outbox.to")}</th>
              <th scope="col">{t("outbox.subject")}</th>
              <th scope="col">{t("outbox.status")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={list.items()}
              fallback={
                <tr>
                  <td colSpan={4}>{list.loaded() ? t("outbox.empty") : t("app.loading")}</td>
                </tr>
              }
            >
              {(message) => (
                <tr>
                  <td>{formatDate(String(message.createdAt), true)}</td>
                  <td translate="no">{message.recipients.join(", ")}</td>
                  <th scope="row" translate="no">
                    <details>
                      <summary>{message.subject}</summary>
                      <pre class="mail-text">{message.text}</pre>
                    </details>
                  </th>
                  <td>{t(`outbox.status.${message.status}`)}</td>
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

export function OutboxPage() {
  const { t } = useI18n()
  const { filters, apply, clear } = useFilters(filterNames)
  const listFilters = (): OutboxFilters => {
    const { status, ...rest } = filters()
    return { ...rest, ...(isStatus(status) ? { status } : {}) }
  }
  return (
    <AdminOnly title={t("outbox.title")}>
      <PageHeader title={t("outbox.title")} breadcrumb={t("nav.setup")}>
        <p class="muted">{t("outbox.intro")}</p>
      </PageHeader>
      <FilterForm label={t("filters.title")} onApply={apply} onClear={clear}>
        <div class="field">
          <label for="outbox-search">{t("filters.search")}</label>
          <input id="outbox-search" name="search" type="search" value={filters().search ?? ""} />
        </div>
        <div class="field">
          <label for="outbox-status">{t("outbox.status")}</label>
          <select id="outbox-status" name="status" value={filters().status ?? ""}>
            <option value="">{t("outbox.anyStatus")}</option>
            <For each={statuses}>
              {(status) => <option value={status}>{t(`outbox.status.${status}`)}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="outbox-recipient">{t("outbox.recipient")}</label>
          <input id="outbox-recipient" name="recipient" type="email" value={filters().recipient ?? ""} />
        </div>
        <div class="field">
          <label for="outbox-from">{t("filters.from")}</label>
          <input id="outbox-from" name="from" type="date" value={filters().from ?? ""} />
        </div>
        <div class="field">
          <label for="outbox-to">{t("filters.to")}</label>
          <input id="outbox-to" name="to" type="date" value={filters().to ?? ""} />
        </div>
      </FilterForm>
      <OutboxList filters={listFilters()} />
    </AdminOnly>
  )
}
