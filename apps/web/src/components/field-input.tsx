// One labelled form control for a metadata field, chosen by its type, with the server's message for
// that field shown beneath it (and announced through aria-describedby).
import { createAsync } from "@solidjs/router"
import { For, type JSX, Match, Show, Switch } from "solid-js"
import { listAssignableUsers, listLookupOptions } from "../api/queries"
import type { FieldMeta, FieldValue, ModuleName } from "../api/types"
import { useI18n } from "../i18n"
import { fieldLabel } from "../i18n/field-label"

/** `YYYY-MM-DDTHH:mm` in local time, the value format of `datetime-local` inputs. */
export function toLocalDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

function LookupOptions(props: { readonly module: ModuleName; readonly current: string }) {
  const { t } = useI18n()
  const records = createAsync(() => listLookupOptions(props.module))
  return (
    <>
      <option value="">{t("common.noneOption")}</option>
      <Show when={props.current && !records()?.some((r) => r.id === props.current)}>
        <option value={props.current} selected>
          {props.current}
        </option>
      </Show>
      <For each={records()}>
        {(record) => (
          <option value={record.id} selected={record.id === props.current}>
            {record.name}
          </option>
        )}
      </For>
    </>
  )
}

function UserOptions(props: { readonly current: string }) {
  const { t } = useI18n()
  const users = createAsync(() => listAssignableUsers())
  return (
    <>
      <option value="">{t("common.noneOption")}</option>
      <Show when={props.current && !users()?.some((u) => u.id === props.current)}>
        <option value={props.current} selected>
          {props.current}
        </option>
      </Show>
      <For each={users()}>
        {(user) => (
          <option value={user.id} selected={user.id === props.current}>
            {user.name}
          </option>
        )}
      </For>
    </>
  )
}

const inputTypes: Partial<Record<FieldMeta["type"], string>> = {
  text: "text",
  email: "email",
  phone: "tel",
  url: "url",
  number: "number",
  currency: "number",
  percent: "number",
  date: "date",
  datetime: "datetime-local",
}

const numericSteps: Partial<Record<FieldMeta["type"], string>> = {
  number: "any",
  currency: "0.01",
  percent: "any",
}

export function FieldInput(props: {
  readonly field: FieldMeta
  readonly value: FieldValue | undefined
  readonly error?: string | undefined
}) {
  const { t } = useI18n()
  const id = () => `field-${props.field.apiName}`
  const errorId = () => `${id()}-error`
  const text = () => (props.value === null || props.value === undefined ? "" : String(props.value))
  const common = (): JSX.InputHTMLAttributes<HTMLInputElement> => ({
    id: id(),
    name: props.field.apiName,
    required: props.field.required,
    "aria-invalid": props.error ? "true" : undefined,
    "aria-describedby": props.error ? errorId() : undefined,
  })
  return (
    <div
      class="field"
      classList={{ invalid: Boolean(props.error), checkbox: props.field.type === "boolean" }}
    >
      <label for={id()}>
        {fieldLabel(props.field, t)}
        <Show when={props.field.required}>
          <span class="required" aria-hidden="true">
            {" *"}
          </span>
          <span class="visually-hidden"> ({t("common.required")})</span>
        </Show>
      </label>
      <Switch
        fallback={
          <input
            {...common()}
            type={inputTypes[props.field.type] ?? "text"}
            value={props.field.type === "datetime" && text() ? toLocalDateTime(text()) : text()}
            step={numericSteps[props.field.type]}
          />
        }
      >
        <Match when={props.field.type === "textarea"}>
          <textarea
            id={id()}
            name={props.field.apiName}
            required={props.field.required}
            rows={4}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? errorId() : undefined}
          >
            {text()}
          </textarea>
        </Match>
        <Match when={props.field.type === "boolean"}>
          <input {...common()} required={false} type="checkbox" checked={props.value === true} />
        </Match>
        <Match when={props.field.type === "picklist"}>
          <select
            id={id()}
            name={props.field.apiName}
            required={props.field.required}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? errorId() : undefined}
          >
            <option value="">{t("common.noneOption")}</option>
            <Show when={text() && !props.field.options?.includes(text())}>
              <option value={text()} selected>
                {text()}
              </option>
            </Show>
            <For each={props.field.options ?? []}>
              {(option) => (
                <option value={option} selected={option === text()}>
                  {option}
                </option>
              )}
            </For>
          </select>
        </Match>
        <Match when={props.field.type === "lookup" || props.field.type === "user"}>
          <select
            id={id()}
            name={props.field.apiName}
            required={props.field.required}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? errorId() : undefined}
          >
            <Show when={props.field.lookupModule} fallback={<UserOptions current={text()} />}>
              {(module) => <LookupOptions module={module()} current={text()} />}
            </Show>
          </select>
        </Match>
      </Switch>
      <Show when={props.error}>
        <p id={errorId()} class="field-error">
          {props.error}
        </p>
      </Show>
    </div>
  )
}
