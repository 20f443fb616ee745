// English / French switch; the choice is kept in localStorage.
import { For } from "solid-js"
import { type Locale, locales, useI18n } from "../i18n"

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n()
  return (
    <label class="language-switch">
      <span>{t("app.language")}</span>
      <select value={locale()} onChange={(event) => setLocale(event.currentTarget.value as Locale)}>
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
