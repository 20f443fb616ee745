// What a page shows when a read fails: the reason in the user's language, and a way to retry.
import { revalidate } from "@solidjs/router"
import { Show } from "solid-js"
import { ApiError } from "../api/client"
import { problemMessage } from "../api/problem-message"
import { useI18n } from "../i18n"

type I18n = ReturnType<typeof useI18n>

/** A failure in words of the user's language; never the API's English detail. */
export function describeError(error: unknown, i18n: Pick<I18n, "t" | "formatDate">): string {
  if (error instanceof ApiError) return problemMessage(error.problem, i18n.t, (iso) => i18n.formatDate(iso))
  return i18n.t("problem.server")
}

export function ErrorPanel(props: { readonly error: unknown; readonly reset?: () => void }) {
  const i18n = useI18n()
  return (
    <div class="panel error-panel" role="alert">
      <h2>{i18n.t("error.title")}</h2>
      <p>{describeError(props.error, i18n)}</p>
      <Show when={props.reset}>
        {(reset) => (
          <button
            type="button"
            class="button"
            onClick={() => {
              // Reads that failed are cached like any other: retrying fetches them again.
              void revalidate()
              reset()()
            }}
          >
            {i18n.t("error.retry")}
          </button>
        )}
      </Show>
    </div>
  )
}
