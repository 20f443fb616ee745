// A destructive button that asks first, inline (no modal dialog to trap focus in): focus moves to the
// confirming button, and back to this one on Cancel.
import { createSignal, type JSX, Show } from "solid-js"
import { useI18n } from "../i18n"
import { createFocusReturn } from "./focus-return"

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
  const focus = createFocusReturn()
  const ask: JSX.EventHandler<HTMLButtonElement, MouseEvent> = () => setAsking(true)
  return (
    <Show
      when={asking()}
      fallback={
        <button
          ref={focus.opener}
          type="button"
          class="button danger"
          aria-label={props.ariaLabel}
          onClick={ask}
        >
          {props.label}
        </button>
      }
    >
      <fieldset class="confirm">
        <legend>{props.question}</legend>
        <button
          ref={focus.into}
          type="button"
          class="button danger"
          disabled={props.pending}
          onClick={() => props.onConfirm()}
        >
          {props.pending ? (props.pendingLabel ?? props.label) : props.label}
        </button>
        <button
          type="button"
          class="button ghost"
          onClick={() => {
            setAsking(false)
            focus.back()
          }}
        >
          {t("common.cancel")}
        </button>
      </fieldset>
    </Show>
  )
}
