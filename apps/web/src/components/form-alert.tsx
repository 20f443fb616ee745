// The message above a form that the server refused: field errors are shown at their fields, this
// summarises them (and carries errors that name no field of the form).
import { Show } from "solid-js"
import { ApiError, namesField } from "../api/client"
import { useI18n } from "../i18n"
import { describeError } from "./error-panel"

export function FormAlert(props: { readonly error: unknown; readonly fields?: ReadonlyArray<string> }) {
  const { t } = useI18n()
  const message = () => {
    const error = props.error
    if (!error) return undefined
    if (error instanceof ApiError && error.problem.errors.length > 0) {
      const known = props.fields ?? []
      const unknown = error.problem.errors.filter((e) => !known.some((field) => namesField(e.field, field)))
      if (unknown.length === 0) return t("common.fixErrors")
      return unknown.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join(" ")
    }
    return describeError(error, t)
  }
  return (
    <Show when={message()}>
      {(text) => (
        <p class="form-alert" role="alert">
          {text()}
        </p>
      )}
    </Show>
  )
}

/** The server's message for one field of a refused form. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined
}
