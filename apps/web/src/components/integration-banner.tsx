// The integration's state where projects are shown (Projects tab, related lists, setup page): a
// banner saying what is wrong and, for an administrator, where to act — never "Something went wrong".
import { A, createAsync } from "@solidjs/router"
import { type JSX, Match, Show, Switch } from "solid-js"
import { getIntegration } from "../api/queries"
import type { IntegrationStatus } from "../api/types"
import { useI18n } from "../i18n"
import { useMe } from "./app-shell"

export const integrationSetupPath = "/setup/marketplace/zoho/projects"

/** Where the banner stands: the setup page needs no link to itself, only to its key form. */
export type BannerPlace = "projects" | "setup"

function AdminAction(props: { readonly href: string; readonly children: JSX.Element }) {
  const me = useMe()
  return (
    <Show when={me().profile.isAdmin}>
      {" "}
      <A href={props.href}>{props.children}</A>
    </Show>
  )
}

export function IntegrationBanner(props: {
  readonly integration: IntegrationStatus
  readonly place: BannerPlace
}) {
  const { t, formatDate } = useI18n()
  const trial = () => props.integration.trial
  const setupLink = () => (props.place === "setup" ? "#service-key" : `${integrationSetupPath}#service-key`)
  return (
    <Switch>
      <Match when={props.integration.status === "key_invalid"}>
        <div class="banner banner-danger" role="alert">
          <p>
            {t("banner.keyInvalid")}
            <AdminAction href={setupLink()}>{t("banner.keyInvalidAction")}</AdminAction>
          </p>
        </div>
      </Match>
      <Match when={props.integration.status === "trial_expired" || trial()?.expired}>
        <div class="banner banner-danger" role="alert">
          <p>{t("banner.trialExpired", { date: formatDate(trial()?.endsAt) })}</p>
        </div>
      </Match>
      <Match when={props.place === "projects" && props.integration.status === "deactivated"}>
        <div class="banner banner-info" role="status">
          <p>
            {t("banner.deactivated")}
            <AdminAction href={integrationSetupPath}>{t("banner.setupAction")}</AdminAction>
          </p>
        </div>
      </Match>
      <Match
        when={
          props.place === "projects" &&
          (props.integration.status === "not_enabled" || props.integration.status === "setting_up")
        }
      >
        <div class="banner banner-info" role="status">
          <p>
            {t("banner.notReady")}
            <AdminAction href={integrationSetupPath}>{t("banner.setupAction")}</AdminAction>
          </p>
        </div>
      </Match>
      <Match when={props.place === "projects" && trial()}>
        {(running) => (
          <div class="banner banner-warning" role="status">
            <p>
              {running().daysLeft > 1
                ? t("banner.trialDaysLeft", { days: running().daysLeft, date: formatDate(running().endsAt) })
                : t("banner.trialLastDay", { date: formatDate(running().endsAt) })}
            </p>
          </div>
        )}
      </Match>
    </Switch>
  )
}

/** The integration as read now (undefined on a server without it). */
export function useIntegration() {
  return createAsync(() => getIntegration())
}

/** Whether projects can be listed: the integration is active (a running trial included). */
export const servesProjects = (integration: IntegrationStatus | undefined) => integration?.status === "active"

/**
 * Around a related list of projects: it disappears while the integration is not enabled, being set
 * up or deactivated; a banner replaces it while the key is invalid or the trial is over.
 */
export function RelatedProjectsGate(props: { readonly children: JSX.Element }) {
  const { t } = useI18n()
  const integration = useIntegration()
  const blocked = () => {
    const status = integration()?.status
    return status === "key_invalid" || status === "trial_expired"
  }
  return (
    <Show when={integration()}>
      {(current) => (
        <Switch>
          <Match when={servesProjects(current())}>{props.children}</Match>
          <Match when={blocked()}>
            <section class="panel" aria-labelledby="related-projects">
              <h2 id="related-projects">{t("projects.related")}</h2>
              <IntegrationBanner integration={current()} place="projects" />
            </section>
          </Match>
        </Switch>
      )}
    </Show>
  )
}
