// Deals / Accounts / Contacts list: search, columns from the metadata, cursor pagination (Load more).
import { A, createAsync, useSearchParams } from "@solidjs/router"
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js"
import { getFields, listRecords } from "../../api/queries"
import type { CrmRecord, FieldMeta, ModuleName } from "../../api/types"
import { ErrorPanel } from "../../components/error-panel"
import { FieldValueView } from "../../components/field-value"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import { fieldLabel } from "../../i18n/field-label"
import { useModule } from "./use-module"

const maxColumns = 4

/** The fields a record's name is made of (the CRM host's rule: a contact is first + last name). */
const nameFields: Record<ModuleName, ReadonlyArray<string>> = {
  deals: ["name"],
  accounts: ["name"],
  contacts: ["first_name", "last_name"],
}

/** After the name, the list shows the next fields of the layout, leaving out long text. */
export function listColumns(module: ModuleName, fields: ReadonlyArray<FieldMeta>): ReadonlyArray<FieldMeta> {
  return fields
    .filter((f) => f.type !== "textarea" && !nameFields[module].includes(f.apiName))
    .slice(0, maxColumns)
}

export function RecordListPage() {
  const { t } = useI18n()
  const module = useModule()
  const [params, setParams] = useSearchParams()
  const search = () => (typeof params.q === "string" ? params.q : "")
  const fields = createAsync(() => getFields(module()))
  const firstPage = createAsync(() => listRecords(module(), search(), null))
  const [more, setMore] = createSignal<ReadonlyArray<CrmRecord>>([])
  const [moreCursor, setMoreCursor] = createSignal<string | null | undefined>()
  const [loadingMore, setLoadingMore] = createSignal(false)
  const [moreError, setMoreError] = createSignal<unknown>()
  createEffect(
    on([module, search, firstPage], () => {
      setMore([])
      setMoreCursor(undefined)
      setMoreError(undefined)
    }),
  )
  const rows = () => [...(firstPage()?.items ?? []), ...more()]
  const nextCursor = () => {
    const cursor = moreCursor()
    return cursor === undefined ? (firstPage()?.nextCursor ?? null) : cursor
  }
  const loadMore = async () => {
    const cursor = nextCursor()
    if (!cursor) return
    setLoadingMore(true)
    setMoreError(undefined)
    try {
      const page = await listRecords(module(), search(), cursor)
      setMore((current) => [...current, ...page.items])
      setMoreCursor(page.nextCursor)
    } catch (error) {
      setMoreError(error)
    } finally {
      setLoadingMore(false)
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(timer))
  const onSearchInput = (value: string) => {
    clearTimeout(timer)
    // Typing waits for a pause before asking the server; Enter searches at once.
    timer = setTimeout(() => setParams({ q: value || undefined }, { replace: true }), 300)
  }
  const columns = () => listColumns(module(), fields() ?? [])
  const moduleLabel = () => t(`module.${module()}`)

  return (
    <>
      <PageHeader
        title={moduleLabel()}
        actions={
          <A class="button primary" href={`/${module()}/new`}>
            {t(`module.${module()}.new`)}
          </A>
        }
      />
      <search>
        <form
          class="search"
          onSubmit={(event) => {
            event.preventDefault()
            clearTimeout(timer)
            const value = new FormData(event.currentTarget).get("q")
            setParams({ q: typeof value === "string" && value ? value : undefined }, { replace: true })
          }}
        >
          <label for="list-search" class="visually-hidden">
            {t("list.searchLabel", { module: moduleLabel() })}
          </label>
          <input
            id="list-search"
            name="q"
            type="search"
            placeholder={t("list.searchPlaceholder")}
            value={search()}
            onInput={(event) => onSearchInput(event.currentTarget.value)}
          />
          <button type="submit" class="button">
            {t("common.search")}
          </button>
        </form>
      </search>
      <div class="table-wrap">
        <table class="records">
          <caption class="visually-hidden">{t("list.caption", { module: moduleLabel() })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`module.${module()}.name`)}</th>
              <For each={columns()}>{(field) => <th scope="col">{fieldLabel(field, t)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={columns().length + 1} class="empty">
                    {t("list.empty")}
                  </td>
                </tr>
              }
            >
              {(record) => (
                <tr>
                  <th scope="row">
                    <A href={`/${module()}/${record.id}`}>{record.name || t("record.untitled")}</A>
                  </th>
                  <For each={columns()}>
                    {(field) => (
                      <td>
                        <FieldValueView field={field} value={record.values[field.apiName]} />
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={moreError()}>{(error) => <ErrorPanel error={error()} />}</Show>
      <Show when={nextCursor()}>
        <div class="load-more">
          <button type="button" class="button" onClick={loadMore} disabled={loadingMore()}>
            {loadingMore() ? t("common.loadingMore") : t("common.loadMore")}
          </button>
        </div>
      </Show>
    </>
  )
}
