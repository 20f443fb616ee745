// Setup › Users and profiles (admins): list users, add one, change a user's profile or active flag;
// list profiles and add custom ones.
import { createAsync, useAction, useSubmission } from "@solidjs/router"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { createUser, updateUser } from "../../api/actions"
import { listProfiles, listUsers } from "../../api/queries"
import type { Profile, User } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { FormAlert, fieldError } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { TextField } from "../../components/text-field"
import { useI18n } from "../../i18n"
import { profileLabel } from "../../i18n/field-label"
import { AdminOnly } from "./admin-only"
import { ProfilesSection } from "./profiles-section"

/** What the last change of a user's row gave; shown above the table, which reloads after it. */
type RowOutcome = { readonly notice: string } | { readonly error: unknown }

function UserRow(props: {
  readonly user: User
  readonly profiles: ReadonlyArray<Profile>
  readonly onOutcome: (outcome: RowOutcome | undefined) => void
}) {
  const { t } = useI18n()
  const me = useMe()
  const update = useAction(updateUser)
  const change = async (patch: { profileId?: string; active?: boolean }) => {
    props.onOutcome(undefined)
    try {
      await update(props.user.id, patch)
      props.onOutcome({ notice: t("users.updated", { name: props.user.name }) })
    } catch (refusal) {
      props.onOutcome({ error: refusal })
    }
  }
  const profileName = () => {
    const profile = props.profiles.find((p) => p.id === props.user.profileId)
    return profile ? profileLabel(profile, t) : props.user.profileName
  }
  return (
    <tr>
      <th scope="row">
        {props.user.name}
        <Show when={props.user.id === me().user.id}>
          {" "}
          <span class="muted">{t("users.you")}</span>
        </Show>
      </th>
      <td>{props.user.email}</td>
      <td>
        <select
          aria-label={t("users.changeProfile", { name: props.user.name })}
          onChange={(event) => change({ profileId: event.currentTarget.value })}
        >
          <Show when={!props.profiles.some((p) => p.id === props.user.profileId)}>
            <option value={props.user.profileId} selected>
              {profileName()}
            </option>
          </Show>
          <For each={props.profiles}>
            {(profile) => (
              <option value={profile.id} selected={profile.id === props.user.profileId}>
                {profileLabel(profile, t)}
              </option>
            )}
          </For>
        </select>
      </td>
      <td>
        <label class="inline-check">
          <input
            type="checkbox"
            checked={props.user.active}
            onChange={(event) => change({ active: event.currentTarget.checked })}
          />
          <span class="visually-hidden">{t("users.toggleActive", { name: props.user.name })}</span>
          <span aria-hidden="true">
            {props.user.active ? t("users.statusActive") : t("users.statusInactive")}
          </span>
        </label>
      </td>
    </tr>
  )
}

function CreateUserForm(props: { readonly profiles: ReadonlyArray<Profile> }) {
  const { t } = useI18n()
  const submission = useSubmission(createUser)
  let form: HTMLFormElement | undefined
  // A successful submission empties the form for the next one.
  createEffect(
    on(
      () => submission.result,
      (result) => result && form?.reset(),
      { defer: true },
    ),
  )
  const fields = ["name", "email", "password", "profileId"]
  return (
    <section class="panel" aria-labelledby="create-user">
      <h2 id="create-user">{t("users.createTitle")}</h2>
      <Show when={submission.result}>
        {(user) => (
          <p role="status" class="notice">
            {t("users.created", { name: user().name })}
          </p>
        )}
      </Show>
      <form ref={form} action={createUser} method="post" noValidate class="inline-form">
        <FormAlert error={submission.error} fields={fields} />
        <TextField
          name="name"
          label={t("users.name")}
          required
          error={fieldError(submission.error, "name")}
        />
        <TextField
          name="email"
          type="email"
          label={t("users.email")}
          required
          error={fieldError(submission.error, "email")}
        />
        <TextField
          name="password"
          type="password"
          autocomplete="new-password"
          label={t("users.password")}
          hint={t("users.passwordHint")}
          required
          error={fieldError(submission.error, "password")}
        />
        <div class="field">
          <label for="new-user-profile">{t("users.profile")}</label>
          <select id="new-user-profile" name="profileId" required>
            <For each={props.profiles}>
              {(profile) => (
                <option value={profile.id} selected={!profile.isAdmin && profile.builtIn}>
                  {profileLabel(profile, t)}
                </option>
              )}
            </For>
          </select>
        </div>
        <button type="submit" class="button primary" disabled={submission.pending}>
          {submission.pending ? t("common.creating") : t("users.create")}
        </button>
      </form>
    </section>
  )
}

export function UsersPage() {
  const { t } = useI18n()
  return (
    <AdminOnly title={t("users.title")}>
      <UsersContent />
    </AdminOnly>
  )
}

function UsersContent() {
  const { t } = useI18n()
  const users = createAsync(() => listUsers())
  const profiles = createAsync(() => listProfiles())
  const [outcome, setOutcome] = createSignal<RowOutcome>()
  return (
    <>
      <PageHeader title={t("users.title")} breadcrumb={t("nav.setup")} />
      <section aria-labelledby="users-heading">
        <h2 id="users-heading">{t("users.users")}</h2>
        <div aria-live="polite">
          <Show when={outcome()}>
            {(result) => {
              const value = result()
              return "notice" in value ? (
                <p class="notice" role="status">
                  {value.notice}
                </p>
              ) : (
                <FormAlert error={value.error} />
              )
            }}
          </Show>
        </div>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.email")}</th>
                <th scope="col">{t("users.profile")}</th>
                <th scope="col">{t("users.status")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={users()}>
                {(user) => <UserRow user={user} profiles={profiles() ?? []} onOutcome={setOutcome} />}
              </For>
            </tbody>
          </table>
        </div>
      </section>
      <CreateUserForm profiles={profiles() ?? []} />
      <ProfilesSection profiles={profiles() ?? []} />
    </>
  )
}
