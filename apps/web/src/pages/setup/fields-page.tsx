// Setup › Modules and fields (admins): the fields of Deals, Accounts and Contacts in layout order,
// and custom fields added by type (SPEC §3); record forms and lists render whatever is here.
import { createAsync, useSearchParams, useSubmission } from "@solidjs/router"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { createField } from "../../api/actions"
import { getFields } from "../../api/queries"
import { fieldTypes, isModuleName, type ModuleName, moduleNames } from "../../api/types"
import { FormAlert, fieldError } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { TextField } from "../../components/text-field"
import { useI18n } from "../../i18n"
import { fieldLabel } from "../../i18n/field-label"
import { AdminOnly } from "./admin-only"

function AddFieldForm(props: { readonly module: ModuleName }) {
  const { t } = useI18n()
  const submission = useSubmission(createField)
  const [type, setType] = createSignal<string>("text")
  let form: HTMLFormElement | undefined
  createEffect(
    on(
      () => submission.result,
      (result) => {
        if (!result) return
        form?.reset()
        setType("text")
      },
      { defer: true },
    ),
  )
  const moduleLabel = () => t(`module.${props.module}`)
  return (
    <section class="panel" aria-labelledby="add-field">
      <h2 id="add-field">{t("fields.addTitle", { module: moduleLabel() })}</h2>
      <Show when={submission.result}>
        {(field) => (
          <p role="status" class="notice">
            {t("fields.added", { label: field().label })}
          </p>
        )}
      </Show>
      <form ref={form} action={createField.with(props.module)} method="post" noValidate class="inline-form">
        <FormAlert
          error={submission.error}
          fields={["label", "apiName", "type", "options", "lookupModule"]}
        />
        <TextField
          name="label"
          label={t("fields.label")}
          required
          error={fieldError(submission.error, "label")}
        />
        <div class="field">
          <label for="new-field-type">{t("fields.type")}</label>
          <select id="new-field-type" name="type" onChange={(event) => setType(event.currentTarget.value)}>
            <For each={fieldTypes}>
              {(fieldType) => <option value={fieldType}>{t(`fieldType.${fieldType}`)}</option>}
            </For>
          </select>
        </div>
        <Show when={type() === "picklist"}>
          <div class="field" classList={{ invalid: Boolean(fieldError(submission.error, "options")) }}>
            <label for="new-field-options">{t("fields.options")}</label>
            <textarea
              id="new-field-options"
              name="options"
              rows={3}
              aria-invalid={fieldError(submission.error, "options") ? "true" : undefined}
              aria-describedby={
                fieldError(submission.error, "options") ? "new-field-options-error" : undefined
              }
            />
            <Show when={fieldError(submission.error, "options")}>
              {(message) => (
                <p id="new-field-options-error" class="field-error">
                  {message()}
                </p>
              )}
            </Show>
          </div>
        </Show>
        <Show when={type() === "lookup"}>
          <div class="field">
            <label for="new-field-lookup">{t("fields.lookupModule")}</label>
            <select id="new-field-lookup" name="lookupModule">
              <For each={moduleNames}>
                {(module) => <option value={module}>{t(`module.${module}`)}</option>}
              </For>
            </select>
          </div>
        </Show>
        <label class="inline-check">
          <input type="checkbox" name="required" />
          {t("fields.required")}
        </label>
        <button type="submit" class="button primary" disabled={submission.pending}>
          {submission.pending ? t("common.creating") : t("fields.add")}
        </button>
      </form>
    </section>
  )
}

function FieldsContent() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams()
  const module = (): ModuleName => (isModuleName(params.module) ? params.module : "deals")
  const fields = createAsync(() => getFields(module()))
  return (
    <>
      <PageHeader title={t("fields.title")} breadcrumb={t("nav.setup")} />
      <div class="field module-picker">
        <label for="fields-module">{t("fields.module")}</label>
        <select id="fields-module" onChange={(event) => setParams({ module: event.currentTarget.value })}>
          <For each={moduleNames}>
            {(name) => (
              <option value={name} selected={name === module()}>
                {t(`module.${name}`)}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">
            {t("fields.caption", { module: t(`module.${module()}`) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.label")}</th>
              <th scope="col">{t("fields.apiName")}</th>
              <th scope="col">{t("fields.type")}</th>
              <th scope="col">{t("fields.required")}</th>
              <th scope="col">{t("fields.kind")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={fields()}>
              {(field) => (
                <tr>
                  <th scope="row">{fieldLabel(field, t)}</th>
                  <td>
                    <code>{field.apiName}</code>
                  </td>
                  <td>
                    {t(`fieldType.${field.type}`)}
                    <Show when={field.lookupModule}>{(target) => <> → {t(`module.${target()}`)}</>}</Show>
                    <Show when={field.options?.length}>
                      <span class="muted"> ({field.options?.join(", ")})</span>
                    </Show>
                  </td>
                  <td>{field.required ? t("common.yes") : t("common.no")}</td>
                  <td>{field.custom ? t("fields.custom") : t("fields.standard")}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <AddFieldForm module={module()} />
    </>
  )
}

export function FieldsPage() {
  const { t } = useI18n()
  return (
    <AdminOnly title={t("fields.title")}>
      <FieldsContent />
    </AdminOnly>
  )
}
