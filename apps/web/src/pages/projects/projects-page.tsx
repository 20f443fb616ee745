// The Projects tab (SPEC §4.6): the portal's projects, searchable, filtered by status, type, owner,
// client and account, sorted, with the whole query in the URL; pages of 50 read by cursor (Load more),
// so the list stays fast with any number of projects. The navigation shows it only when `/me` lists
// it; while the integration is not active a banner says why.
import { A, createAsync, useSearchParams } from "@solidjs/router"
import { createEffect, createSignal, ErrorBoundary, For, type JSX, on, Show } from "solid-js"
import { getProjectForm, listProjects, type ProjectQuery } from "../../api/queries"
import type { CrmProject, ProjectFormView } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { ErrorPanel } from "../../components/error-panel"
import { IntegrationBanner, servesProjects, useIntegration } from "../../components/integration-banner"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import { AccountSearch } from "../setup/integration/account-search"

const projectTypes = ["active", "archived", "template"] as const
const sorts = ["name", "-name", "modified", "-modified"] as const

/** A filter of the Projects tab: its choices, or every value ("All"). */
function FilterSelect(props: {
  readonly name: string
  readonly label: string
  readonly value: string
  readonly children: JSX.Element
}) {
  const { t } = useI18n()
  const id = `projects-filter-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="" selected={props.value === ""}>
          {t("projects.all")}
        </option>
        {props.children}
      </select>
    </div>
  )
}

function ProjectList(props: { readonly query: ProjectQuery }) {
  const { t, formatDate, locale } = useI18n()
  // Open work as the portal counted it at the last sync; a portal that sends no count shows a dash.
  const open = (count: { open: number } | null) =>
    count === null ? t("common.none") : new Intl.NumberFormat(locale()).format(count.open)
  const firstPage = createAsync(() => listProjects(props.query, null))
  const [more, setMore] = createSignal<ReadonlyArray<CrmProject>>([])
  const [moreCursor, setMoreCursor] = createSignal<string | null | undefined>()
  const [loadingMore, setLoadingMore] = createSignal(false)
  const [moreError, setMoreError] = createSignal<unknown>()
  createEffect(
    on(firstPage, () => {
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
      const page = await listProjects(props.query, cursor)
      setMore((current) => [...current, ...page.items])
      setMoreCursor(page.nextCursor)
    } catch (error) {
      setMoreError(error)
    } finally {
      setLoadingMore(false)
    }
  }
  const dates = (project: CrmProject) =>
    [project.startDate, project.endDate]
      .filter((d): d is string => d !== null)
      .map((d) => formatDate(d))
      .join(" – ") || t("common.none")
  return (
    <>
      <div class="table-wrap">
        <table class="records">
          <caption class="visually-hidden">{t("projects.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("projects.name")}</th>
              <th scope="col">{t("projects.status")}</th>
              <th scope="col">{t("projects.owner")}</th>
              <th scope="col">{t("projects.clients")}</th>
              <th scope="col">{t("projects.dates")}</th>
              <th scope="col" class="numeric">
                {t("projects.openTasks")}
              </th>
              <th scope="col" class="numeric">
                {t("projects.openIssues")}
              </th>
              <th scope="col" class="numeric">
                {t("projects.openMilestones")}
              </th>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={8}>{firstPage() ? t("projects.empty") : t("app.loading")}</td>
                </tr>
              }
            >
              {(project) => (
                <tr>
                  <th scope="row">
                    <A href={`/projects/${project.id}`}>{project.name}</A>
                  </th>
                  <td translate="no">{project.status ?? t("common.none")}</td>
                  <td translate="no">{project.owner?.name ?? project.owner?.email ?? t("common.none")}</td>
                  <td translate="no">{project.clients.map((c) => c.name).join(", ") || t("common.none")}</td>
                  <td>{dates(project)}</td>
                  <td class="numeric">{open(project.work.tasks)}</td>
                  <td class="numeric">{open(project.work.issues)}</td>
                  <td class="numeric">{open(project.work.milestones)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={moreError()}>{(error) => <ErrorPanel error={error()} />}</Show>
      <Show when={nextCursor()}>
        <button type="button" class="button" disabled={loadingMore()} onClick={loadMore}>
          {loadingMore() ? t("common.loadingMore") : t("common.loadMore")}
        </button>
      </Show>
    </>
  )
}

export function ProjectsPage() {
  const { t } = useI18n()
  const me = useMe()
  const integration = useIntegration()
  const [params, setParams] = useSearchParams()
  const param = (name: string) => {
    const value = params[name]
    return typeof value === "string" ? value : ""
  }
  const search = () => param("q")
  const query = (): ProjectQuery => ({
    search: search(),
    status: param("status"),
    projectType: projectTypes.find((type) => type === param("type")),
    ownerEmail: param("owner"),
    clientId: param("client"),
    accountId: param("account"),
    sort: sorts.find((sort) => sort === param("sort")),
  })
  // The filters' choices; read outside Suspense so the list never waits for them.
  const [form, setForm] = createSignal<ProjectFormView>()
  getProjectForm().then(setForm, () => undefined)
  const [accountName, setAccountName] = createSignal<string>()
  return (
    <>
      <PageHeader
        title={t("projects.title")}
        actions={
          // New project only while the portal takes it: not with the key refused or the trial over.
          <Show when={me().projectPermissions?.create && servesProjects(integration())}>
            <A class="button primary" href="/projects/new">
              {t("projects.new")}
            </A>
          </Show>
        }
      />
      <Show
        when={me().visibleTabs.includes("projects")}
        fallback={
          <div class="panel" role="status">
            <p>{t("projects.unavailable")}</p>
          </div>
        }
      >
        <search>
          <form
            class="search project-filters"
            aria-label={t("projects.filters")}
            onSubmit={(event) => {
              event.preventDefault()
              const data = new FormData(event.currentTarget)
              const value = (name: string) => {
                const v = data.get(name)
                return typeof v === "string" && v ? v : undefined
              }
              setParams(
                {
                  q: value("q"),
                  status: value("status"),
                  type: value("type"),
                  owner: value("owner"),
                  client: value("client"),
                  sort: value("sort"),
                },
                { replace: true },
              )
            }}
          >
            <label for="projects-search" class="visually-hidden">
              {t("projects.searchLabel")}
            </label>
            <input
              id="projects-search"
              name="q"
              type="search"
              placeholder={t("list.searchPlaceholder")}
              value={search()}
            />
            <FilterSelect name="status" label={t("projects.status")} value={param("status")}>
              <For each={form()?.statuses ?? []}>
                {(status) => (
                  <option value={status.name} selected={status.name === param("status")} translate="no">
                    {status.name}
                  </option>
                )}
              </For>
            </FilterSelect>
            <FilterSelect name="type" label={t("projects.type")} value={param("type")}>
              <For each={projectTypes}>
                {(type) => (
                  <option value={type} selected={type === param("type")}>
                    {t(`projects.type.${type}`)}
                  </option>
                )}
              </For>
            </FilterSelect>
            <FilterSelect name="owner" label={t("projects.owner")} value={param("owner")}>
              <For each={form()?.owners ?? []}>
                {(owner) => (
                  <option value={owner.email} selected={owner.email === param("owner")} translate="no">
                    {owner.name}
                  </option>
                )}
              </For>
            </FilterSelect>
            <FilterSelect name="client" label={t("projects.client")} value={param("client")}>
              <For each={form()?.clients ?? []}>
                {(client) => (
                  <option value={client.id} selected={client.id === param("client")} translate="no">
                    {client.name}
                  </option>
                )}
              </For>
            </FilterSelect>
            <div class="field">
              <label for="projects-sort">{t("projects.sort")}</label>
              <select id="projects-sort" name="sort">
                <For each={sorts}>
                  {(sort) => (
                    <option value={sort} selected={sort === (param("sort") || "name")}>
                      {t(`projects.sort.${sort}`)}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <button type="submit" class="button">
              {t("common.search")}
            </button>
          </form>
          <div class="account-filter">
            <Show
              when={param("account")}
              fallback={
                <AccountSearch
                  label={t("projects.accountFilter")}
                  onPick={(account) => {
                    setAccountName(account.name)
                    setParams({ account: account.id }, { replace: true })
                  }}
                />
              }
            >
              <p>
                {t("projects.ofAccount", { name: accountName() ?? t("module.accounts.one") })}{" "}
                <button
                  type="button"
                  class="button ghost"
                  onClick={() => setParams({ account: undefined }, { replace: true })}
                >
                  {t("projects.clearAccount")}
                </button>
              </p>
            </Show>
          </div>
        </search>
        <Show when={integration()}>
          {(current) => <IntegrationBanner integration={current()} place="projects" />}
        </Show>
        <Show when={servesProjects(integration())}>
          <ErrorBoundary fallback={(error) => <ErrorPanel error={error} />}>
            <ProjectList query={query()} />
          </ErrorBoundary>
        </Show>
      </Show>
    </>
  )
}
