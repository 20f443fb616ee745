// One project (SPEC §4.6): its details, with Edit and Delete as `/me`'s project permissions allow.
import { A, createAsync, useAction, useParams, useSubmission } from "@solidjs/router"
import { createSignal, Show } from "solid-js"
import { deleteProject } from "../../api/actions"
import { getProject } from "../../api/queries"
import { useMe } from "../../components/app-shell"
import { ConfirmButton } from "../../components/confirm-button"
import { FormAlert } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { RichText } from "../../components/rich-text"
import { useI18n } from "../../i18n"

export function ProjectPage() {
  const { t, formatDate } = useI18n()
  const me = useMe()
  const params = useParams()
  const id = () => params.id ?? ""
  const project = createAsync(() => getProject(id()))
  const remove = useAction(deleteProject)
  const removing = useSubmission(deleteProject)
  const [error, setError] = createSignal<unknown>()
  const onDelete = async () => {
    setError(undefined)
    try {
      await remove(id())
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <Show when={project()}>
      {(current) => (
        <>
          <PageHeader
            title={current().name}
            breadcrumb={t("projects.title")}
            actions={
              <>
                <Show when={me().projectPermissions?.edit}>
                  <A class="button" href={`/projects/${current().id}/edit`}>
                    {t("common.edit")}
                  </A>
                </Show>
                <Show when={me().projectPermissions?.delete}>
                  <ConfirmButton
                    label={t("common.delete")}
                    question={t("projects.confirmDelete")}
                    pending={removing.pending}
                    pendingLabel={t("common.deleting")}
                    onConfirm={onDelete}
                  />
                </Show>
              </>
            }
          />
          <FormAlert error={error()} />
          <section class="panel" aria-labelledby="project-details">
            <h2 id="project-details">{t("projects.details")}</h2>
            <dl class="details">
              <div>
                <dt>{t("projects.status")}</dt>
                <dd>{current().status ?? t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.owner")}</dt>
                <dd>{current().owner?.name ?? current().owner?.email ?? t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.startDate")}</dt>
                <dd>{current().startDate ? formatDate(current().startDate) : t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.endDate")}</dt>
                <dd>{current().endDate ? formatDate(current().endDate) : t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.percent")}</dt>
                <dd>
                  {current().percentComplete === null ? t("common.none") : `${current().percentComplete} %`}
                </dd>
              </div>
              <div>
                <dt>{t("projects.clients")}</dt>
                <dd>
                  {current()
                    .clients.map((c) => c.name)
                    .join(", ") || t("common.none")}
                </dd>
              </div>
              <div>
                <dt>{t("projects.description")}</dt>
                <dd>
                  <Show when={current().description} fallback={t("common.none")}>
                    {(html) => <RichText html={html()} />}
                  </Show>
                </dd>
              </div>
            </dl>
          </section>
        </>
      )}
    </Show>
  )
}
