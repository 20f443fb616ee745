// The heading of a page; also names the browser tab, so screen-reader users hear where they are.
import { createEffect, type JSX, Show } from "solid-js"
import { useI18n } from "../i18n"

export function PageHeader(props: {
  readonly title: string
  readonly breadcrumb?: string
  readonly actions?: JSX.Element
  readonly children?: JSX.Element
}) {
  const { t } = useI18n()
  createEffect(() => {
    document.title = `${props.title} · ${t("app.name")}`
  })
  return (
    <header class="page-header">
      <div>
        <Show when={props.breadcrumb}>
          <p class="breadcrumb">{props.breadcrumb}</p>
        </Show>
        <h1 tabIndex={-1} id="page-title">
          {props.title}
        </h1>
        {props.children}
      </div>
      <Show when={props.actions}>
        <div class="page-actions">{props.actions}</div>
      </Show>
    </header>
  )
}
