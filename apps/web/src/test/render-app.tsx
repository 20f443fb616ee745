// Renders the console's routes at a path, in memory, with a chosen language.
import { createMemoryHistory, MemoryRouter, query } from "@solidjs/router"
import { cleanup, render } from "@solidjs/testing-library"
import { afterEach, beforeAll, vi } from "vitest"
import type { Me } from "../api/types"
import { AppRoot, AppRoutes, preloadPages } from "../app"
import { I18nProvider, type Locale } from "../i18n"

beforeAll(async () => {
  await preloadPages()
})

afterEach(() => {
  cleanup()
  query.clear()
  localStorage.clear()
  vi.unstubAllGlobals()
})

export function renderApp(path: string, locale: Locale = "en") {
  const history = createMemoryHistory()
  history.set({ value: path, scroll: false, replace: true })
  const result = render(() => (
    <I18nProvider locale={locale}>
      <MemoryRouter history={history} root={AppRoot}>
        <AppRoutes />
      </MemoryRouter>
    </I18nProvider>
  ))
  return { ...result, history }
}

const administrator = { id: "p-admin", name: "Administrator", description: "", isAdmin: true, builtIn: true }
const standard = { id: "p-standard", name: "Standard", description: "", isAdmin: false, builtIn: true }

export function meAs(kind: "admin" | "standard", visibleTabs: ReadonlyArray<string> = []): Me {
  const profile = kind === "admin" ? administrator : standard
  return {
    user: {
      id: kind === "admin" ? "u-admin" : "u-standard",
      name: kind === "admin" ? "Ada Admin" : "Sam Standard",
      email: kind === "admin" ? "admin@demo.test" : "sam@demo.test",
      active: true,
      profileId: profile.id,
      profileName: profile.name,
      createdAt: "2026-11-01T10:00:00.000Z",
    },
    profile,
    organization: { id: "o-demo", name: "Demo", edition: "free" },
    projectPermissions: null,
    visibleTabs,
    csrfToken: "csrf-from-me",
  }
}

export const profiles = [administrator, standard]
