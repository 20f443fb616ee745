// Profiles: the built-in Administrator and Standard, and custom ones admins add.
import { useSubmission } from "@solidjs/router"
import { createEffect, For, on, Show } from "solid-js"
import { createProfile } from "../../api/actions"
import type { Profile } from "../../api/types"
import { FormAlert, fieldError } from "../../components/form-alert"
import { TextField } from "../../components/text-field"
import { useI18n } from "../../i18n"
import { profileLabel } from "../../i18n/field-label"

export function ProfilesSection(props: { readonly profiles: ReadonlyArray<Profile> }) {
  const { t } = useI18n()
  const submission = useSubmission(createProfile)
  let form: HTMLFormElement | undefined
  // A successful submission empties the form for the next one.
  createEffect(
    on(
      () => submission.result,
      (result) => result && form?.reset(),
      { defer: true },
    ),
  )
  return (
    <section class="panel" aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">{t("profiles.title")}</h2>
      <ul class="plain-list">
        <For each={props.profiles}>
          {(profile) => (
            <li>
              <strong>{profileLabel(profile, t)}</strong>{" "}
              <Show when={profile.description}>
                <span class="muted">{profile.description}</span>{" "}
              </Show>
              <span class="badge">{profile.builtIn ? t("profiles.builtIn") : t("profiles.custom")}</span>
              <Show when={profile.isAdmin}>
                {" "}
                <span class="badge">{t("profiles.admin")}</span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={submission.result}>
        {(profile) => (
          <p role="status" class="notice">
            {t("profiles.created", { name: profile().name })}
          </p>
        )}
      </Show>
      <form ref={form} action={createProfile} method="post" noValidate class="inline-form">
        <FormAlert error={submission.error} fields={["name", "description"]} />
        <TextField
          name="name"
          label={t("profiles.name")}
          required
          error={fieldError(submission.error, "name")}
        />
        <TextField
          name="description"
          label={t("profiles.description")}
          error={fieldError(submission.error, "description")}
        />
        <button type="submit" class="button primary" disabled={submission.pending}>
          {submission.pending ? t("common.creating") : t("profiles.create")}
        </button>
      </form>
    </section>
  )
}
