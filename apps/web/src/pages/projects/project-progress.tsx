// A project's progress on its page: open and closed tasks, issues and milestones, and the milestones
// themselves, read live from the portal (read-only: the work is edited in Projects).
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { ok, rpc } from "../../api/client"
import { describeError } from "../../components/error-panel"
import { useI18n } from "../../i18n"

type Progress = Awaited<ReturnType<typeof readProgress>>

const readProgress = async (id: string) => ok(await rpc.projects[":id"].progress.$get({ param: { id } }))

export function ProjectProgressSection(props: { readonly projectId: string }) {
  const i18n = useI18n()
  const { t, formatDate, locale } = i18n
  // Read beside the page, not through Suspense: the portal is slower than the CRM's copy.
  const [progress, setProgress] = createSignal<Progress>()
  const [error, setError] = createSignal<unknown>()
  createEffect(
    on(
      () => props.projectId,
      (id) => {
        setProgress(undefined)
        setError(undefined)
        readProgress(id).then(setProgress, setError)
      },
    ),
  )
  const number = (n: number) => new Intl.NumberFormat(locale()).format(n)
  const kinds = ["tasks", "issues", "milestones"] as const
  const dates = (m: Progress["milestones"][number]) =>
    [m.startDate, m.endDate]
      .filter((d): d is string => d !== null)
      .map((d) => formatDate(d))
      .join(" – ") || t("common.none")
  return (
    <section class="panel" aria-labelledby="project-progress" aria-busy={!progress() && !error()}>
      <h2 id="project-progress">{t("projects.progress")}</h2>
      <Show when={!error()} fallback={<p role="alert">{describeError(error(), i18n)}</p>}>
        <Show when={progress()} fallback={<p class="muted">{t("projects.progressLoading")}</p>}>
          {(current) => (
            <>
              <div class="table-wrap">
                <table class="work-counts">
                  <caption class="visually-hidden">{t("projects.progressCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("projects.work")}</th>
                      <th scope="col" class="numeric">
                        {t("projects.work.open")}
                      </th>
                      <th scope="col" class="numeric">
                        {t("projects.work.closed")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={kinds}>
                      {(kind) => (
                        <tr>
                          <th scope="row">{t(`projects.work.${kind}`)}</th>
                          <td class="numeric">
                            {current().work[kind] === null
                              ? t("common.none")
                              : number(current().work[kind]?.open ?? 0)}
                          </td>
                          <td class="numeric">
                            {current().work[kind] === null
                              ? t("common.none")
                              : number(current().work[kind]?.closed ?? 0)}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <h3>{t("projects.milestones")}</h3>
              <Show
                when={current().milestones.length > 0}
                fallback={<p class="muted">{t("projects.noMilestones")}</p>}
              >
                <div class="table-wrap">
                  <table>
                    <caption class="visually-hidden">{t("projects.milestonesCaption")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("projects.milestone.name")}</th>
                        <th scope="col">{t("projects.milestone.status")}</th>
                        <th scope="col">{t("projects.milestone.owner")}</th>
                        <th scope="col">{t("projects.milestone.dates")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={current().milestones}>
                        {(milestone) => (
                          <tr>
                            <th scope="row" translate="no">
                              {milestone.name}
                            </th>
                            <td>
                              {milestone.completed
                                ? t("projects.milestone.completed")
                                : t("projects.milestone.open")}
                            </td>
                            <td translate="no">{milestone.owner ?? t("common.none")}</td>
                            <td>{dates(milestone)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
              <p class="muted">{t("projects.progressHint", { time: formatDate(current().readAt, true) })}</p>
            </>
          )}
        </Show>
      </Show>
    </section>
  )
}
