// English / French switch; the choice is kept in localStorage, and given to `onPick` (signed in: the API
// keeps it for the mail it writes to the user).
import { For } from "solid-js"
import { type Locale, locales, useI18n } from "../i18n"

export function LanguageSwitch(props: { readonly onPick?: (locale: Locale) => void }) {
  const { t, locale, setLocale } = useI18n()
  return (
    <label class="language-switch">
      <span>{t("app.language")}</span>
      <select
        value={locale()}
        onChange={(event) => {
          const picked = event.currentTarget.value as Locale
          setLocale(picked)
          props.onPick?.(picked)
        }}
      >
        <For each={locales}>
          {(option) => (
            <option value={option.code} lang={option.code}>
              {option.name}
            </option>
          )}
        </For>
      </select>
    </label>
  )
}
