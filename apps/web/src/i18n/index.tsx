// Locale state for the console: English or French, persisted in localStorage, mirrored on <html lang>.
import { createContext, createEffect, createSignal, type JSX, useContext } from "solid-js"
import { en, type MessageKey, type Messages } from "./en"
import { fr } from "./fr"

export type Locale = "en" | "fr"
export const locales: ReadonlyArray<{ readonly code: Locale; readonly name: string }> = [
  { code: "en", name: "English" },
  { code: "fr", name: "Français" },
]

const catalogues: Record<Locale, Messages> = { en, fr }
export const localeStorageKey = "crm.locale"

const isLocale = (value: unknown): value is Locale => value === "en" || value === "fr"

export function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(localeStorageKey)
  if (isLocale(stored)) return stored
  const preferred = globalThis.navigator?.language?.slice(0, 2)
  return isLocale(preferred) ? preferred : "en"
}

export type Params = Readonly<Record<string, string | number>>

export function translate(messages: Messages, key: MessageKey, params?: Params): string {
  const template = messages[key]
  return params
    ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
    : template
}

interface I18n {
  readonly locale: () => Locale
  readonly setLocale: (locale: Locale) => void
  readonly t: (key: MessageKey, params?: Params) => string
  readonly formatDate: (iso: string | null | undefined, withTime?: boolean) => string
}

export const I18nContext = createContext<I18n>()

export function I18nProvider(props: { readonly locale?: Locale; readonly children: JSX.Element }) {
  const [locale, setLocaleSignal] = createSignal<Locale>(props.locale ?? initialLocale())
  createEffect(() => {
    if (globalThis.document) document.documentElement.lang = locale()
  })
  const value: I18n = {
    locale,
    setLocale(next) {
      globalThis.localStorage?.setItem(localeStorageKey, next)
      setLocaleSignal(next)
    },
    t: (key, params) => translate(catalogues[locale()], key, params),
    formatDate(iso, withTime = false) {
      if (!iso) return ""
      const date = new Date(iso)
      if (Number.isNaN(date.getTime())) return iso
      return new Intl.DateTimeFormat(locale(), {
        dateStyle: "medium",
        ...(withTime ? { timeStyle: "short" } : {}),
      }).format(date)
    },
  }
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const context = useContext(I18nContext)
  if (!context) throw new Error("useI18n must be used inside <I18nProvider>")
  return context
}
