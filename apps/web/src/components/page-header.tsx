// The heading of a page; also names the browser tab, so screen-reader users hear where they are.
import { createEffect, type JSX, onMount, Show } from "solid-js"
import { useI18n } from "../i18n"

let focusNextHeading = false

/** After an in-app navigation the next page's heading takes focus, as a full page load would. */
export function requestHeadingFocus(): void {
  focusNextHeading = true
}

export function PageHeader(props: {
  readonly title: string
  readonly breadcrumb?: string
  readonly actions?: JSX.Element
  readonly children?: JSX.Element
}) {
  const { t } = useI18n()
  let heading: HTMLHeadingElement | undefined
  createEffect(() => {
    document.title = `${props.title} · ${t("app.name")}`
  })
  onMount(() => {
    if (!focusNextHeading) return
    focusNextHeading = false
    heading?.focus({ preventScroll: true })
  })
  return (
    <header class="page-header">
      <div>
        <Show when={props.breadcrumb}>
          <p class="breadcrumb">{props.breadcrumb}</p>
        </Show>
        <h1 ref={heading} tabIndex={-1} id="page-title">
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
