// Password sign-in. A wrong password and a throttled account (429) are told apart.
import { createAsync, Navigate, useSearchParams, useSubmission } from "@solidjs/router"
import { Match, Show, Switch } from "solid-js"
import { safeNext, signIn } from "../../api/actions"
import { ApiError } from "../../api/client"
import { getSession } from "../../api/queries"
import { describeError } from "../../components/error-panel"
import { LanguageSwitch } from "../../components/language-switch"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"

export function SignInPage() {
  const i18n = useI18n()
  const { t } = i18n
  const [params] = useSearchParams()
  const session = createAsync(() => getSession())
  const submission = useSubmission(signIn)
  const next = () => {
    const value = params.next
    return typeof value === "string" ? value : ""
  }
  const error = () => {
    const e = submission.error
    return e instanceof ApiError
      ? e
      : e
        ? new ApiError({ status: 0, title: String(e), errors: [] })
        : undefined
  }
  return (
    <div class="sign-in">
      <Show when={session()}>
        <Navigate href={safeNext(next())} />
      </Show>
      <div class="sign-in-card panel">
        <PageHeader title={t("signIn.title")} />
        <form action={signIn} method="post" noValidate aria-describedby="sign-in-error">
          <input type="hidden" name="next" value={next()} />
          <div class="field">
            <label for="sign-in-email">{t("signIn.email")}</label>
            <input
              id="sign-in-email"
              name="email"
              type="email"
              autocomplete="username"
              required
              aria-invalid={error()?.status === 401 ? "true" : undefined}
            />
          </div>
          <div class="field">
            <label for="sign-in-password">{t("signIn.password")}</label>
            <input
              id="sign-in-password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={error()?.status === 401 ? "true" : undefined}
            />
          </div>
          <div id="sign-in-error" aria-live="polite">
            <Show when={error()}>
              {(e) => (
                <p class="form-alert" role="alert">
                  <Switch fallback={describeError(e(), i18n)}>
                    <Match when={e().status === 401}>{t("signIn.invalid")}</Match>
                    <Match when={e().status === 429 && e().problem.retryAfter}>
                      {(seconds) => t("signIn.throttled", { seconds: seconds() })}
                    </Match>
                    <Match when={e().status === 429}>{t("signIn.throttledLater")}</Match>
                  </Switch>
                </p>
              )}
            </Show>
          </div>
          <button type="submit" class="button primary" disabled={submission.pending}>
            {submission.pending ? t("signIn.submitting") : t("signIn.submit")}
          </button>
        </form>
        <LanguageSwitch />
      </div>
    </div>
  )
}
