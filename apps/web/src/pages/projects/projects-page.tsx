// The Projects tab. The navigation shows it only when `/me` lists it; the projects list itself comes
// with the integration (SPEC §4.6), so until then the page states the integration status.
import { createAsync } from "@solidjs/router"
import { Show } from "solid-js"
import { getIntegration } from "../../api/queries"
import { useMe } from "../../components/app-shell"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"

export function ProjectsPage() {
  const { t } = useI18n()
  const me = useMe()
  const integration = createAsync(() => getIntegration())
  return (
    <>
      <PageHeader title={t("projects.title")} />
      <div class="panel" role="status">
        <Show
          when={integration()?.status !== "active" ? integration()?.status : undefined}
          fallback={<p>{t("projects.unavailable")}</p>}
        >
          {(status) => <p>{t(`integration.message.${status()}`)}</p>}
        </Show>
        <Show when={!me().visibleTabs.includes("projects")}>
          <p class="muted">{t("error.forbidden")}</p>
        </Show>
      </div>
    </>
  )
}
