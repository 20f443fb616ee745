// "Update the service key" (SPEC §4.7): shown while the portal refuses the stored key; the new key is
// checked against the portal before it is stored, then a catch-up sync runs.
import { useAction, useSubmission } from "@solidjs/router"
import { createSignal } from "solid-js"
import { updateServiceKey } from "../../../api/actions"
import { FormAlert, fieldError } from "../../../components/form-alert"
import { TextField } from "../../../components/text-field"
import { useI18n } from "../../../i18n"

export function ServiceKeyForm(props: {
  readonly email?: string
  readonly onSaved: (jobId: string) => void
}) {
  const { t } = useI18n()
  const update = useAction(updateServiceKey)
  const updating = useSubmission(updateServiceKey)
  const [error, setError] = createSignal<unknown>()
  const onSubmit = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setError(undefined)
    try {
      const saved = await update({
        email: String(form.get("email") ?? "").trim(),
        key: String(form.get("key") ?? "").trim(),
      })
      props.onSaved(saved.syncJob.id)
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <section class="panel" aria-labelledby="service-key">
      <h2 id="service-key">{t("setup.key.title")}</h2>
      <form onSubmit={onSubmit}>
        <TextField
          name="email"
          type="email"
          label={t("setup.portal.email")}
          required
          value={props.email ?? ""}
          error={fieldError(error(), "email")}
        />
        <TextField
          name="key"
          type="password"
          autocomplete="off"
          label={t("setup.portal.key")}
          required
          error={fieldError(error(), "key")}
        />
        <FormAlert error={error()} fields={["email", "key"]} />
        <button type="submit" class="button primary" disabled={updating.pending}>
          {updating.pending ? t("common.saving") : t("common.save")}
        </button>
      </form>
    </section>
  )
}
