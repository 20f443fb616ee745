// The signed-in frame: header (user, language, sign-out), navigation, and the page. Reading `/me`
// here sends signed-out visitors to the sign-in page.
import { A, createAsync, Navigate, type RouteSectionProps, useLocation, useSubmission } from "@solidjs/router"
import { createContext, createEffect, ErrorBoundary, on, Show, Suspense, useContext } from "solid-js"
import { saveLocale, signOut } from "../api/actions"
import { getSession } from "../api/queries"
import type { Me } from "../api/types"
import { useI18n } from "../i18n"
import { ErrorPanel } from "./error-panel"
import { LanguageSwitch } from "./language-switch"
import { MainNav } from "./main-nav"
import { requestHeadingFocus } from "./page-header"

const MeContext = createContext<() => Me>()

/** The signed-in user; only inside the app shell. */
export function useMe(): () => Me {
  const me = useContext(MeContext)
  if (!me) throw new Error("useMe must be used inside <AppShell>")
  return me
}

function SignedOutOrLoading(props: { readonly signedOut: boolean }) {
  const { t } = useI18n()
  const location = useLocation()
  return (
    <Show
      when={props.signedOut}
      fallback={
        <p class="loading" role="status">
          {t("app.loading")}
        </p>
      }
    >
      <Navigate href={`/sign-in?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`} />
    </Show>
  )
}

export function AppShell(props: RouteSectionProps) {
  const { t } = useI18n()
  const session = createAsync(() => getSession())
  const location = useLocation()
  const signingOut = useSubmission(signOut)
  createEffect(on(() => location.pathname, requestHeadingFocus, { defer: true }))
  return (
    <Show when={session()} fallback={<SignedOutOrLoading signedOut={session() === null} />}>
      {(current) => (
        <MeContext.Provider value={current}>
          <a class="skip-link" href="#main">
            {t("app.skipToContent")}
          </a>
          <div class="shell">
            <header class="topbar">
              <A class="brand" href="/deals">
                {t("app.name")}
              </A>
              <div class="topbar-end">
                <span class="who">{t("nav.signedInAs", { name: current().user.name })}</span>
                {/* The console switches at once; a refused save only leaves the mail in the former language. */}
                <LanguageSwitch onPick={(picked) => void saveLocale(picked).catch(() => undefined)} />
                <form action={signOut} method="post">
                  <button type="submit" class="button ghost" disabled={signingOut.pending}>
                    {t("nav.signOut")}
                  </button>
                </form>
              </div>
            </header>
            <MainNav me={current()} />
            <main id="main" class="content">
              {/*
                One error and loading boundary per page, made anew on each path: a failed page's
                error goes when the user leaves it, and a page whose data is already cached does not
                hang inside the boundary the previous page held during the navigation transition
                (seen with solid-js 1.9 + @solidjs/router 0.15: the new page never rendered).
              */}
              <Show when={location.pathname} keyed>
                <ErrorBoundary fallback={(error, reset) => <ErrorPanel error={error} reset={reset} />}>
                  <Suspense
                    fallback={
                      <p class="loading" role="status">
                        {t("app.loading")}
                      </p>
                    }
                  >
                    {props.children}
                  </Suspense>
                </ErrorBoundary>
              </Show>
            </main>
          </div>
        </MeContext.Provider>
      )}
    </Show>
  )
}
