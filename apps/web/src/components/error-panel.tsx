// What a page shows when a read fails: the reason in the user's language, and a way to retry.
import { revalidate } from "@solidjs/router"
import { Show } from "solid-js"
import { ApiError } from "../api/client"
import { useI18n } from "../i18n"

export function describeError(error: unknown, t: ReturnType<typeof useI18n>["t"]): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("error.network")
    if (error.status === 403) return t("error.forbidden")
    if (error.status === 404) return t("error.notFound")
    return error.problem.detail ?? error.problem.title
  }
  return error instanceof Error ? error.message : String(error)
}

export function ErrorPanel(props: { readonly error: unknown; readonly reset?: () => void }) {
  const { t } = useI18n()
  return (
    <div class="panel error-panel" role="alert">
      <h2>{t("error.title")}</h2>
      <p>{describeError(props.error, t)}</p>
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
            {t("error.retry")}
          </button>
        )}
      </Show>
    </div>
  )
}
