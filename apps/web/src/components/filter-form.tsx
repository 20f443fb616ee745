// The filters of an admin list, kept in the URL's query (so a filtered view can be shared or reloaded).
import { useSearchParams } from "@solidjs/router"
import type { JSX } from "solid-js"
import { useI18n } from "../i18n"

/** The URL's query values as filters, without the empty ones. */
export function useFilters<K extends string>(names: ReadonlyArray<K>) {
  const [params, setParams] = useSearchParams()
  const filters = () => {
    const out: Partial<Record<K, string>> = {}
    for (const name of names) {
      const value = params[name]
      const text = Array.isArray(value) ? value[0] : value
      if (text) out[name] = text
    }
    return out
  }
  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form)
    const next: Record<string, string | undefined> = {}
    for (const name of names) {
      const value = data.get(name)
      next[name] = typeof value === "string" && value.trim() ? value.trim() : undefined
    }
    setParams(next)
  }
  const clear = () => setParams(Object.fromEntries(names.map((name) => [name, undefined])))
  return { filters, apply, clear }
}

export function FilterForm(props: {
  readonly label: string
  readonly onApply: (form: HTMLFormElement) => void
  readonly onClear: () => void
  readonly children: JSX.Element
}) {
  const { t } = useI18n()
  return (
    <search>
      <form
        class="panel filters"
        aria-label={props.label}
        onSubmit={(event) => {
          event.preventDefault()
          props.onApply(event.currentTarget)
        }}
      >
        {props.children}
        <div class="filter-actions">
          <button type="submit" class="button primary">
            {t("filters.apply")}
          </button>
          <button
            type="reset"
            class="button"
            onClick={(event) => {
              event.preventDefault()
              event.currentTarget.form?.reset()
              props.onClear()
            }}
          >
            {t("filters.clear")}
          </button>
        </div>
      </form>
    </search>
  )
}
