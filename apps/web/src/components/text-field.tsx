// A labelled text input with an optional hint and the server's message for it.
import { createUniqueId, Show } from "solid-js"

export function TextField(props: {
  readonly name: string
  readonly label: string
  readonly type?: "text" | "email" | "password" | "search" | "date"
  readonly required?: boolean
  readonly autocomplete?: string
  readonly hint?: string
  readonly error?: string | undefined
  readonly value?: string
}) {
  const id = `text-${props.name}-${createUniqueId()}`
  const describedBy = () =>
    [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
  return (
    <div class="field" classList={{ invalid: Boolean(props.error) }}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        required={props.required}
        autocomplete={props.autocomplete}
        value={props.value ?? ""}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy()}
      />
      <Show when={props.hint}>
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      </Show>
    </div>
  )
}
