// Portal Name: a dropdown of the portals found (own account, another user's key, or just created).
import { createUniqueId, For, Show } from "solid-js"
import type { PortalSummary } from "../../../api/types"
import { useI18n } from "../../../i18n"

export function PortalSelect(props: {
  readonly portals: ReadonlyArray<PortalSummary>
  readonly value: string
  readonly onChange: (id: string) => void
  readonly error?: string | undefined
}) {
  const { t } = useI18n()
  const id = `portal-${createUniqueId()}`
  return (
    <div class="field" classList={{ invalid: Boolean(props.error) }}>
      <label for={id}>{t("setup.portal.name")}</label>
      <select
        id={id}
        name="portalId"
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="">{t("setup.portal.choose")}</option>
        <For each={props.portals}>{(portal) => <option value={portal.id}>{portal.name}</option>}</For>
      </select>
      <Show when={props.error}>
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      </Show>
    </div>
  )
}
