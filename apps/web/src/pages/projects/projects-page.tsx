// The Projects tab (SPEC §4.6): the portal's projects, searchable, cursor-paginated (Load more). The
// navigation shows it only when `/me` lists it; while the integration is not active the API answers
// 409/402 with what to do, and the page shows that message.
import { A, createAsync, useSearchParams } from "@solidjs/router"
import { createEffect, createSignal, ErrorBoundary, For, on, Show } from "solid-js"
import { listProjects } from "../../api/queries"
import type { CrmProject } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { ErrorPanel } from "../../components/error-panel"
import { IntegrationBanner, servesProjects, useIntegration } from "../../components/integration-banner"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"

function ProjectList(props: { readonly search: string }) {
  const { t, formatDate } = useI18n()
  const firstPage = createAsync(() => listProjects(props.search, null))
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
      const page = await listProjects(props.search, cursor)
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
              <th scope="col">{t("projects.dates")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={rows()}
              fallback={
                <tr>
                  <td colSpan={4}>{firstPage() ? t("projects.empty") : t("app.loading")}</td>
                </tr>
              }
            >
              {(project) => (
                <tr>
                  <th scope="row">
                    <A href={`/projects/${project.id}`}>{project.name}</A>
                  </th>
                  <td>{project.status ?? t("common.none")}</td>
                  <td>{project.owner?.name ?? project.owner?.email ?? t("common.none")}</td>
                  <td>{dates(project)}</td>
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
  const search = () => (typeof params.q === "string" ? params.q : "")
  return (
    <>
      <PageHeader
        title={t("projects.title")}
        actions={
          <Show when={me().projectPermissions?.create}>
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
            class="search"
            onSubmit={(event) => {
              event.preventDefault()
              const value = new FormData(event.currentTarget).get("q")
              setParams({ q: typeof value === "string" && value ? value : undefined }, { replace: true })
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
            <button type="submit" class="button">
              {t("common.search")}
            </button>
          </form>
        </search>
        <Show when={integration()}>
          {(current) => <IntegrationBanner integration={current()} place="projects" />}
        </Show>
        <Show when={servesProjects(integration())}>
          <ErrorBoundary fallback={(error) => <ErrorPanel error={error} />}>
            <ProjectList search={search()} />
          </ErrorBoundary>
        </Show>
      </Show>
    </>
  )
}
