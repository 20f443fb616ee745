// Copies a value to the clipboard and says so.
import { createSignal } from "solid-js"
import { useI18n } from "../i18n"

export function CopyButton(props: { readonly text: string }) {
  const { t } = useI18n()
  const [state, setState] = createSignal<"idle" | "copied" | "failed">("idle")
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text)
      setState("copied")
    } catch {
      setState("failed")
    }
  }
  return (
    <>
      <button type="button" class="button" onClick={copy}>
        {state() === "copied" ? t("tokens.copied") : t("tokens.copy")}
      </button>
      <span class="visually-hidden" aria-live="polite">
        {state() === "copied" ? t("tokens.copied") : ""}
      </span>
      {state() === "failed" ? (
        <p class="field-error" role="alert">
          {t("tokens.copyFailed")}
        </p>
      ) : null}
    </>
  )
}
