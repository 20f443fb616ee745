// The message above a form that the server refused: field errors are shown at their fields, this
// summarises them (and carries errors that name no field of the form), in the user's language.
import { Show, useContext } from "solid-js"
import { ApiError, namesField } from "../api/client"
import { fieldErrorMessage } from "../api/problem-message"
import { I18nContext, useI18n } from "../i18n"
import { describeError } from "./error-panel"

export function FormAlert(props: { readonly error: unknown; readonly fields?: ReadonlyArray<string> }) {
  const i18n = useI18n()
  const message = () => {
    const error = props.error
    if (!error) return undefined
    if (error instanceof ApiError && error.problem.errors.length > 0) {
      const known = props.fields ?? []
      const unknown = error.problem.errors.filter((e) => !known.some((field) => namesField(e.field, field)))
      if (unknown.length === 0) return i18n.t("common.fixErrors")
      return [
        describeError(error, i18n),
        ...unknown.map((e) => fieldErrorMessage(e, i18n.t, (iso) => i18n.formatDate(iso))),
      ].join(" ")
    }
    return describeError(error, i18n)
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

/** The server's refusal of one field of a form, in the user's language. */
export function fieldError(error: unknown, field: string): string | undefined {
  const found = error instanceof ApiError ? error.fieldError(field) : undefined
  if (!found) return undefined
  // Read where called: inside a component's rendering, under the I18nProvider.
  const i18n = useContext(I18nContext)
  return i18n ? fieldErrorMessage(found, i18n.t, (iso) => i18n.formatDate(iso)) : found.message
}
