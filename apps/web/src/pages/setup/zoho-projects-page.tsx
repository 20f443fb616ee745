// Setup › Marketplace › Zoho › Zoho Projects: the integration page (seed: "Enable"). It shows the
// integration status from `GET /integration`; `Get Started` enables it (admins only).
import { createAsync, useAction, useSubmission } from "@solidjs/router"
import { createSignal, Show } from "solid-js"
import { enableIntegration } from "../../api/actions"
import { getIntegration } from "../../api/queries"
import type { IntegrationState } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { FormAlert } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"

const canStart: ReadonlyArray<IntegrationState> = ["not_enabled", "deactivated"]

export function ZohoProjectsPage() {
  const { t, formatDate } = useI18n()
  const me = useMe()
  const integration = createAsync(() => getIntegration())
  const enable = useAction(enableIntegration)
  const enabling = useSubmission(enableIntegration)
  const [error, setError] = createSignal<unknown>()
  const status = (): IntegrationState => integration()?.status ?? "not_enabled"
  const available = () => integration() !== undefined
  const onGetStarted = async () => {
    setError(undefined)
    try {
      await enable()
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <>
      <PageHeader title={t("integration.title")} breadcrumb={t("integration.breadcrumb")}>
        <p class="muted">{t("integration.intro")}</p>
      </PageHeader>
      <section class="panel integration-status" aria-labelledby="integration-status">
        <h2 id="integration-status">{t("integration.status")}</h2>
        <p>
          <span class={`badge status-${status()}`} role="status">
            {t(`integration.status.${status()}`)}
          </span>
        </p>
        <Show when={!available()}>
          <p class="muted">{t("integration.unavailable")}</p>
        </Show>
        <Show when={available() && status() !== "active"}>
          <p>{t(`integration.message.${status()}`)}</p>
        </Show>
        <Show when={integration()?.portal}>
          {(portal) => (
            <p>
              {t("integration.portal")}: <strong>{portal().name}</strong>
            </p>
          )}
        </Show>
        <Show when={integration()?.trial}>
          {(trial) => (
            <p>
              {trial().expired
                ? t("integration.trialEnded", { date: formatDate(trial().endsAt) })
                : t("integration.trialEnds", { date: formatDate(trial().endsAt), days: trial().daysLeft })}
            </p>
          )}
        </Show>
        <FormAlert error={error()} />
        <Show when={canStart.includes(status())}>
          <Show when={me().profile.isAdmin} fallback={<p class="muted">{t("integration.adminOnly")}</p>}>
            <button
              type="button"
              class="button primary"
              disabled={!available() || enabling.pending}
              onClick={onGetStarted}
            >
              {enabling.pending ? t("integration.enabling") : t("integration.getStarted")}
            </button>
          </Show>
        </Show>
      </section>
    </>
  )
}
