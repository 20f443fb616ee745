// Setup pages for administrators: others get a clear refusal (the navigation already hides them).
import { type JSX, Show } from "solid-js"
import { useMe } from "../../components/app-shell"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"

export function AdminOnly(props: { readonly title: string; readonly children: JSX.Element }) {
  const { t } = useI18n()
  const me = useMe()
  return (
    <Show
      when={me().profile.isAdmin}
      fallback={
        <>
          <PageHeader title={props.title} />
          <p class="panel" role="alert">
            {t("error.forbidden")}
          </p>
        </>
      }
    >
      {props.children}
    </Show>
  )
}
