// Pages a profile may not use are not offered: opening /projects/new (or a project's edit page)
// without the Create (or Edit) permission says so instead of showing a form the API would refuse.
import type { JSX } from "solid-js"
import { Show } from "solid-js"
import { useI18n } from "../i18n"
import { useMe } from "./app-shell"
import { PageHeader } from "./page-header"

export function ProjectPermissionGate(props: {
  readonly action: "create" | "edit"
  readonly children: JSX.Element
}) {
  const { t } = useI18n()
  const me = useMe()
  return (
    <Show
      when={me().projectPermissions?.[props.action]}
      fallback={
        <>
          <PageHeader title={t("projects.title")} />
          <div class="banner banner-danger" role="alert">
            <p>{t(props.action === "create" ? "banner.notAllowed.create" : "banner.notAllowed.edit")}</p>
          </div>
        </>
      }
    >
      {props.children}
    </Show>
  )
}
