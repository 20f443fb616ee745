// A destructive button that asks first, inline (no modal dialog to trap focus in).
import { createSignal, type JSX, Show } from "solid-js"
import { useI18n } from "../i18n"

export function ConfirmButton(props: {
  readonly label: string
  /** Accessible name when the visible label is ambiguous (e.g. "Revoke" in a table row). */
  readonly ariaLabel?: string
  readonly question: string
  readonly pending?: boolean
  readonly pendingLabel?: string
  readonly onConfirm: () => void
}) {
  const { t } = useI18n()
  const [asking, setAsking] = createSignal(false)
  let confirm: HTMLButtonElement | undefined
  const ask: JSX.EventHandler<HTMLButtonElement, MouseEvent> = () => {
    setAsking(true)
    confirm?.focus()
  }
  return (
    <Show
      when={asking()}
      fallback={
        <button type="button" class="button danger" aria-label={props.ariaLabel} onClick={ask}>
          {props.label}
        </button>
      }
    >
      <fieldset class="confirm">
        <legend>{props.question}</legend>
        <button
          ref={(el) => {
            confirm = el
            queueMicrotask(() => el.focus())
          }}
          type="button"
          class="button danger"
          disabled={props.pending}
          onClick={() => props.onConfirm()}
        >
          {props.pending ? (props.pendingLabel ?? props.label) : props.label}
        </button>
        <button type="button" class="button ghost" onClick={() => setAsking(false)}>
          {t("common.cancel")}
        </button>
      </fieldset>
    </Show>
  )
}
