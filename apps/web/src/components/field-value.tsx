// A field value shown read-only, formatted by its metadata type.
import { A, createAsync } from "@solidjs/router"
import { Match, Switch } from "solid-js"
import { getRecord, listAssignableUsers, listLookupOptions } from "../api/queries"
import type { FieldMeta, FieldValue, ModuleName } from "../api/types"
import { useI18n } from "../i18n"

/** The linked record's name: from the shared first page of that module (one request for a whole
 * list), else from the record itself. */
function LookupValue(props: { readonly module: ModuleName; readonly id: string }) {
  const name = createAsync(async () => {
    const known = (await listLookupOptions(props.module)).find((r) => r.id === props.id)
    if (known) return known.name
    return (await getRecord(props.module, props.id).catch(() => undefined))?.name
  })
  return <A href={`/${props.module}/${props.id}`}>{name() ?? props.id}</A>
}

function UserValue(props: { readonly id: string }) {
  const users = createAsync(() => listAssignableUsers())
  return <>{users()?.find((u) => u.id === props.id)?.name ?? props.id}</>
}

export function FieldValueView(props: { readonly field: FieldMeta; readonly value: FieldValue | undefined }) {
  const { t, locale, formatDate } = useI18n()
  const number = (options: Intl.NumberFormatOptions) =>
    typeof props.value === "number"
      ? new Intl.NumberFormat(locale(), options).format(props.value)
      : String(props.value)
  return (
    <Switch fallback={String(props.value)}>
      <Match when={props.value === null || props.value === undefined || props.value === ""}>
        <span class="muted">{t("common.none")}</span>
      </Match>
      <Match when={props.field.type === "boolean"}>{props.value ? t("common.yes") : t("common.no")}</Match>
      <Match when={props.field.type === "currency"}>
        {number({ minimumFractionDigits: 2, maximumFractionDigits: 2 })}
      </Match>
      <Match when={props.field.type === "percent"}>{number({ maximumFractionDigits: 2 })} %</Match>
      <Match when={props.field.type === "number"}>{number({})}</Match>
      <Match when={props.field.type === "date"}>{formatDate(String(props.value))}</Match>
      <Match when={props.field.type === "datetime"}>{formatDate(String(props.value), true)}</Match>
      <Match when={props.field.type === "email"}>
        <a href={`mailto:${String(props.value)}`}>{String(props.value)}</a>
      </Match>
      <Match when={props.field.type === "phone"}>
        <a href={`tel:${String(props.value)}`}>{String(props.value)}</a>
      </Match>
      <Match when={props.field.type === "url" && /^https?:\/\//i.test(String(props.value))}>
        <a href={String(props.value)} target="_blank" rel="noopener noreferrer">
          {String(props.value)}
        </a>
      </Match>
      <Match when={props.field.type === "lookup" && props.field.lookupModule}>
        {(module) => <LookupValue module={module()} id={String(props.value)} />}
      </Match>
      <Match when={props.field.type === "user"}>
        <UserValue id={String(props.value)} />
      </Match>
      <Match when={props.field.type === "textarea"}>
        <span class="pre">{String(props.value)}</span>
      </Match>
    </Switch>
  )
}
