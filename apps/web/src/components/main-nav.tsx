// The console's navigation. Admin-only entries (Setup › Users and profiles) are not rendered for
// other profiles; the Projects tab appears only when `/me` lists it among the visible tabs.
import { A } from "@solidjs/router"
import { Show } from "solid-js"
import type { Me } from "../api/types"
import { useI18n } from "../i18n"

export function MainNav(props: { readonly me: Me }) {
  const { t } = useI18n()
  const isAdmin = () => props.me.profile.isAdmin
  return (
    <nav class="main-nav" aria-label={t("nav.main")}>
      <ul>
        <li>
          <A href="/deals">{t("nav.deals")}</A>
        </li>
        <li>
          <A href="/accounts">{t("nav.accounts")}</A>
        </li>
        <li>
          <A href="/contacts">{t("nav.contacts")}</A>
        </li>
        <Show when={props.me.visibleTabs.includes("projects")}>
          <li>
            <A href="/projects">{t("nav.projects")}</A>
          </li>
        </Show>
      </ul>
      <p class="nav-group" id="nav-setup">
        {t("nav.setup")}
      </p>
      <ul aria-labelledby="nav-setup">
        <li>
          <A href="/setup/marketplace">{t("nav.marketplace")}</A>
        </li>
        <Show when={isAdmin()}>
          <li>
            <A href="/setup/users">{t("nav.users")}</A>
          </li>
          <li>
            <A href="/setup/fields">{t("nav.fields")}</A>
          </li>
          <li>
            <A href="/setup/events">{t("nav.events")}</A>
          </li>
          <li>
            <A href="/setup/audit">{t("nav.audit")}</A>
          </li>
          <li>
            <A href="/setup/outbox">{t("nav.outbox")}</A>
          </li>
          <li>
            <A href="/setup/sync-runs">{t("nav.syncRuns")}</A>
          </li>
        </Show>
        <li>
          <A href="/setup/tokens">{t("nav.tokens")}</A>
        </li>
      </ul>
    </nav>
  )
}
