// Create or edit a record: one control per metadata field; the server's refusals shown at the field.
import { A, useAction, useSubmission } from "@solidjs/router"
import { createSignal, For } from "solid-js"
import { saveRecord } from "../../api/actions"
import type { CrmRecord, FieldMeta, ModuleName } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { FieldInput } from "../../components/field-input"
import { FormAlert, fieldError } from "../../components/form-alert"
import { useI18n } from "../../i18n"
import { valuesFromForm } from "./record-values"

export function RecordForm(props: {
  readonly module: ModuleName
  readonly fields: ReadonlyArray<FieldMeta>
  readonly record?: CrmRecord | undefined
}) {
  const { t } = useI18n()
  const save = useAction(saveRecord)
  const submission = useSubmission(saveRecord)
  const [error, setError] = createSignal<unknown>()
  const me = useMe()
  let form: HTMLFormElement | undefined
  // A new record is owned by whoever creates it until they pick someone else (as CRMs do).
  const initial = (field: FieldMeta) =>
    props.record ? props.record.values[field.apiName] : field.type === "user" ? me().user.id : undefined

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (!form) return
    setError(undefined)
    try {
      await save({
        module: props.module,
        ...(props.record ? { id: props.record.id } : {}),
        values: valuesFromForm(new FormData(form), props.fields),
      })
    } catch (refusal) {
      setError(refusal)
      // Send keyboard and screen-reader users to the first field the server refused.
      queueMicrotask(() => form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus())
    }
  }

  return (
    <form ref={form} class="record-form panel" noValidate onSubmit={onSubmit}>
      <FormAlert error={error()} fields={props.fields.map((f) => f.apiName)} />
      <div class="field-grid">
        <For each={props.fields}>
          {(field) => (
            <FieldInput field={field} value={initial(field)} error={fieldError(error(), field.apiName)} />
          )}
        </For>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={submission.pending}>
          {submission.pending ? t("common.saving") : t("common.save")}
        </button>
        <A
          class="button ghost"
          href={props.record ? `/${props.module}/${props.record.id}` : `/${props.module}`}
        >
          {t("common.cancel")}
        </A>
      </div>
    </form>
  )
}
