// One field's change as a person reads it: "name: Old → New", objects by their name, nothing as —.
import { For } from "solid-js"
import { useI18n } from "../../i18n"
import { en, type MessageKey } from "../../i18n/en"

export function formatValue(value: unknown, words: { none: string; yes: string; no: string }): string {
  if (value === null || value === undefined || value === "") return words.none
  if (typeof value === "boolean") return value ? words.yes : words.no
  // Lists of objects (a project's clients, its users) read as their names.
  if (Array.isArray(value))
    return value.length === 0 ? words.none : value.map((entry) => formatValue(entry, words)).join(", ")
  if (typeof value === "object") {
    const named = value as Record<string, unknown>
    for (const key of ["name", "full_name", "email"]) {
      const text = named[key]
      if (typeof text === "string" && text !== "") return text
    }
    return JSON.stringify(value).slice(0, 120)
  }
  return String(value)
}

/**
 * A changed field's name in the chosen language: the portal's and the copy's standard keys have words;
 * a custom field keeps its key, as the portal names it.
 */
export function changedFieldLabel(field: string, t: (key: MessageKey) => string): string {
  const key = `syncRun.fieldName.${field}`
  return Object.hasOwn(en, key) ? t(key as MessageKey) : field
}

export function FieldChanges(props: {
  readonly changes: ReadonlyArray<{
    readonly field: string
    readonly before: unknown
    readonly after: unknown
  }>
}) {
  const { t } = useI18n()
  const words = () => ({ none: t("common.none"), yes: t("common.yes"), no: t("common.no") })
  return (
    <ul class="field-changes">
      <For each={props.changes}>
        {(change) => (
          <li>
            {t("syncRun.change", {
              field: changedFieldLabel(change.field, t),
              before: formatValue(change.before, words()),
              after: formatValue(change.after, words()),
            })}
          </li>
        )}
      </For>
    </ul>
  )
}
