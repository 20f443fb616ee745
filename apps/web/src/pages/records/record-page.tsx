// One record: its fields by metadata, with edit and delete.
import { A, createAsync, useAction, useParams, useSubmission } from "@solidjs/router"
import { createSignal, ErrorBoundary, For, Show } from "solid-js"
import { deleteRecord } from "../../api/actions"
import { getFields, getRecord } from "../../api/queries"
import { useMe } from "../../components/app-shell"
import { ConfirmButton } from "../../components/confirm-button"
import { ErrorPanel } from "../../components/error-panel"
import { FieldValueView } from "../../components/field-value"
import { FormAlert } from "../../components/form-alert"
import { RelatedProjectsGate } from "../../components/integration-banner"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import { RelatedProjects } from "./related-projects"
import { useModule } from "./use-module"

export function RecordPage() {
  const { t } = useI18n()
  const module = useModule()
  const me = useMe()
  const params = useParams()
  const id = () => params.id ?? ""
  const fields = createAsync(() => getFields(module()))
  const record = createAsync(() => getRecord(module(), id()))
  const remove = useAction(deleteRecord)
  const removing = useSubmission(deleteRecord)
  const [error, setError] = createSignal<unknown>()
  // The related list shows only to profiles that may view projects, once the integration is active.
  const relatedModule = () => {
    const current = module()
    return me().projectPermissions?.view && (current === "deals" || current === "accounts")
      ? current
      : undefined
  }
  const onDelete = async () => {
    setError(undefined)
    try {
      await remove(module(), id())
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <Show when={record()}>
      {(current) => (
        <>
          <PageHeader
            title={current().name || t("record.untitled")}
            breadcrumb={t(`module.${module()}.one`)}
            actions={
              <>
                <A class="button" href={`/${module()}/${current().id}/edit`}>
                  {t("common.edit")}
                </A>
                <ConfirmButton
                  label={t("common.delete")}
                  question={t("record.confirmDelete")}
                  pending={removing.pending}
                  pendingLabel={t("common.deleting")}
                  onConfirm={onDelete}
                />
              </>
            }
          />
          <FormAlert error={error()} />
          <section class="panel" aria-labelledby="record-details">
            <h2 id="record-details">{t("record.details")}</h2>
            <dl class="details">
              <For each={fields()}>
                {(field) => (
                  <div>
                    <dt>{field.label}</dt>
                    <dd>
                      <FieldValueView field={field} value={current().values[field.apiName]} />
                    </dd>
                  </div>
                )}
              </For>
            </dl>
          </section>
          <Show when={relatedModule()}>
            {(related) => (
              <ErrorBoundary fallback={(failure) => <ErrorPanel error={failure} />}>
                <RelatedProjectsGate>
                  <RelatedProjects module={related()} id={current().id} />
                </RelatedProjectsGate>
              </ErrorBoundary>
            )}
          </Show>
        </>
      )}
    </Show>
  )
}
