// One labelled control for a project field of the portal, chosen by its type (text, multiline, number,
// currency, percent, date, datetime, checkbox, picklist, multi-select, user), with where its value came
// from and the server's message for it beneath.
import { createUniqueId, For, type JSX, Match, Show, Switch } from "solid-js"
import type { ProjectFormField, ProjectFormView } from "../../api/types"
import { useI18n } from "../../i18n"

type Owner = ProjectFormView["owners"][number]

/** A value as the control shows it: strings, booleans, or lists for the multi-selects. */
export type ControlValue = string | boolean | ReadonlyArray<string>

const asString = (value: ControlValue | undefined): string => (typeof value === "string" ? value : "")
const asList = (value: ControlValue | undefined): ReadonlyArray<string> =>
  Array.isArray(value) ? value : typeof value === "string" && value ? [value] : []

export function ProjectFieldInput(props: {
  readonly field: ProjectFormField
  /** The field's label in the console's language, when it is a standard one. */
  readonly label: string
  readonly value: ControlValue | undefined
  readonly onChange: (value: ControlValue) => void
  readonly owners: ReadonlyArray<Owner>
  readonly statuses: ReadonlyArray<string>
  /** Where the draft's value came from, or why a mapped field stayed empty. */
  readonly note?: string | undefined
  readonly error?: string | undefined
}) {
  const { t } = useI18n()
  const id = `project-${props.field.apiName}-${createUniqueId()}`
  const describedBy = () =>
    [props.note ? `${id}-note` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
  const common = () => ({
    id,
    name: props.field.apiName,
    required: props.field.mandatory,
    "aria-invalid": props.error ? ("true" as const) : undefined,
    "aria-describedby": describedBy(),
  })
  const text = (type: string): JSX.Element => (
    <input
      {...common()}
      type={type}
      maxLength={props.field.maxLength ?? undefined}
      value={asString(props.value)}
      onInput={(event) => props.onChange(event.currentTarget.value)}
    />
  )
  const number = (step: string): JSX.Element => (
    <input
      {...common()}
      type="number"
      step={step}
      inputMode="decimal"
      value={asString(props.value)}
      onInput={(event) => props.onChange(event.currentTarget.value)}
    />
  )
  const choices = (): ReadonlyArray<{ value: string; label: string }> =>
    props.field.type === "user_picklist" || props.field.type === "multi_user_picklist"
      ? props.owners.map((o) => ({ value: o.zpuid, label: `${o.name} (${o.email})` }))
      : props.field.apiName === "status"
        ? props.statuses.map((s) => ({ value: s, label: s }))
        : props.field.options.map((o) => ({ value: o, label: o }))
  const single = (): JSX.Element => (
    <select {...common()} onChange={(event) => props.onChange(event.currentTarget.value)}>
      <option value="">{t("common.noneOption")}</option>
      <For each={choices()}>
        {(choice) => (
          <option value={choice.value} selected={choice.value === asString(props.value)}>
            {choice.label}
          </option>
        )}
      </For>
    </select>
  )
  const multiple = (): JSX.Element => (
    <select
      {...common()}
      multiple
      onChange={(event) =>
        props.onChange([...event.currentTarget.selectedOptions].map((option) => option.value))
      }
    >
      <For each={choices()}>
        {(choice) => (
          <option value={choice.value} selected={asList(props.value).includes(choice.value)}>
            {choice.label}
          </option>
        )}
      </For>
    </select>
  )
  return (
    <div
      class="field"
      classList={{ invalid: Boolean(props.error), checkbox: props.field.type === "boolean" }}
    >
      <Show when={props.field.type !== "boolean"}>
        <label for={id}>
          {props.label}
          <Show when={props.field.mandatory}>
            <span aria-hidden="true"> *</span>
          </Show>
        </label>
      </Show>
      <Switch fallback={text("text")}>
        <Match when={props.field.type === "multiline"}>
          <textarea
            {...common()}
            rows={4}
            value={asString(props.value)}
            onInput={(event) => props.onChange(event.currentTarget.value)}
          />
        </Match>
        <Match when={props.field.type === "email"}>{text("email")}</Match>
        <Match when={props.field.type === "phone"}>{text("tel")}</Match>
        <Match when={props.field.type === "url"}>{text("url")}</Match>
        <Match when={props.field.type === "number"}>{number("1")}</Match>
        <Match when={["decimal", "currency", "percent"].includes(props.field.type)}>{number("any")}</Match>
        <Match when={props.field.type === "date"}>{text("date")}</Match>
        <Match when={props.field.type === "datetime"}>{text("datetime-local")}</Match>
        <Match when={props.field.type === "boolean"}>
          <label for={id}>
            <input
              {...common()}
              type="checkbox"
              checked={props.value === true}
              onChange={(event) => props.onChange(event.currentTarget.checked)}
            />{" "}
            {props.label}
          </label>
        </Match>
        <Match when={props.field.type === "picklist" || props.field.type === "user_picklist"}>
          {single()}
        </Match>
        <Match when={props.field.type === "multi_select" || props.field.type === "multi_user_picklist"}>
          {multiple()}
        </Match>
      </Switch>
      <Show when={props.note}>
        <p id={`${id}-note`} class="hint">
          {props.note}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      </Show>
    </div>
  )
}
