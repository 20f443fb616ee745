// `/:module/new` and `/:module/:id/edit`: the record form, empty or filled.
import { createAsync, useParams } from "@solidjs/router"
import { Show } from "solid-js"
import { getFields, getRecord } from "../../api/queries"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import { RecordForm } from "./record-form"
import { useModule } from "./use-module"

export function RecordEditPage() {
  const { t } = useI18n()
  const module = useModule()
  const params = useParams()
  const fields = createAsync(() => getFields(module()))
  const record = createAsync(async () => (params.id ? getRecord(module(), params.id) : undefined))
  return (
    <Show when={fields() && (!params.id || record())}>
      <PageHeader
        title={
          record()
            ? t("record.editTitle", { name: record()?.name || t("record.untitled") })
            : t(`module.${module()}.new`)
        }
        breadcrumb={t(`module.${module()}`)}
      />
      <RecordForm module={module()} fields={fields() ?? []} record={record()} />
    </Show>
  )
}
