// Step 3, permissions for CRM users (seed: Tab Visibility / View / Create / Edit / Delete per
// profile): a matrix kept in a store, the preview of the user transfer shown before saving, and
// "Edit Configuration" to change it later.
import { createAsync, useAction, useSubmission } from "@solidjs/router"
import { createEffect, createSignal, For, Show, untrack } from "solid-js"
import { createStore, reconcile } from "solid-js/store"
import { type PermissionEntry, previewPermissions, savePermissions } from "../../../api/actions"
import { listPermissions } from "../../../api/queries"
import {
  type PermissionAction,
  type PermissionsPreview,
  type ProfilePermissions,
  permissionActions,
} from "../../../api/types"
import { createFocusReturn } from "../../../components/focus-return"
import { FormAlert } from "../../../components/form-alert"
import { useI18n } from "../../../i18n"
import { profileLabel } from "../../../i18n/field-label"
import { portalRoleWord } from "../../../i18n/portal-role"
import { JobProgress } from "./job-progress"
import { TransferReport } from "./transfer-report"

const toEntry = (row: ProfilePermissions): PermissionEntry => ({
  profileId: row.profileId,
  ...row.permissions,
})

// Create, Edit and Delete need View (as in Zoho): ticking one ticks View, unticking View unticks them.
const withViewRule = (row: PermissionEntry, action: PermissionAction, checked: boolean): PermissionEntry => {
  const next = { ...row, [action]: checked }
  if (checked && action !== "tab" && action !== "view") return { ...next, view: true }
  if (!checked && action === "view") return { ...next, create: false, edit: false, delete: false }
  return next
}

function PreviewList(props: {
  readonly title: string
  readonly items: ReadonlyArray<{ name: string; email: string; detail?: string }>
}) {
  return (
    <Show when={props.items.length > 0}>
      <h4>{props.title}</h4>
      <ul>
        <For each={props.items}>
          {(item) => (
            <li>
              <span translate="no">
                {item.name} ({item.email})
              </span>
              <Show when={item.detail}>{(detail) => <> — {detail()}</>}</Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

export function PermissionsMatrix(props: { readonly configured: boolean }) {
  const { t } = useI18n()
  const rows = createAsync(() => listPermissions())
  const [entries, setEntries] = createStore<Array<PermissionEntry>>([])
  const [editing, setEditing] = createSignal(false)
  // Every action revalidates the reads: the boxes being edited are not overwritten by the saved ones.
  createEffect(() => {
    const loaded = rows()
    if (loaded && !untrack(editing)) setEntries(reconcile(loaded.map(toEntry)))
  })
  const [preview, setPreview] = createSignal<PermissionsPreview>()
  const [saved, setSaved] = createSignal(false)
  const [transfer, setTransfer] = createSignal<{ runId: string; jobId: string } | null>(null)
  const [error, setError] = createSignal<unknown>()
  const runPreview = useAction(previewPermissions)
  const previewing = useSubmission(previewPermissions)
  const save = useAction(savePermissions)
  const saving = useSubmission(savePermissions)

  // Profile names are unique, so only a built-in profile's name has a catalogue entry.
  const nameOf = (profileId: string) => {
    const name = rows()?.find((r) => r.profileId === profileId)?.name
    return name === undefined ? profileId : profileLabel({ name, builtIn: true }, t)
  }

  const onPreview = async () => {
    setError(undefined)
    try {
      setPreview(await runPreview(entries))
    } catch (refusal) {
      setError(refusal)
    }
  }
  const onSave = async () => {
    setError(undefined)
    try {
      const result = await save(entries)
      setTransfer(result.transfer)
      setPreview(undefined)
      setEditing(false)
      setSaved(true)
      focus.back()
    } catch (refusal) {
      setError(refusal)
    }
  }
  // Editing is an inline dialog: focus goes to the first box, and back to the button when it closes.
  const focus = createFocusReturn()
  let table: HTMLTableElement | undefined
  const startEditing = () => {
    setSaved(false)
    setTransfer(null)
    setEditing(true)
    const first = table?.querySelector<HTMLInputElement>("input[type=checkbox]")
    if (first) focus.into(first)
  }

  return (
    <section class="panel" aria-labelledby="permissions">
      <h2 id="permissions">{t("setup.permissions.title")}</h2>
      <div class="table-wrap">
        <table ref={table}>
          <caption>{t("setup.permissions.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("setup.permissions.profile")}</th>
              <For each={permissionActions}>
                {(action) => <th scope="col">{t(`setup.permissions.${action}`)}</th>}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={entries}>
              {(entry, index) => (
                <tr>
                  <th scope="row" translate="no">
                    {nameOf(entry.profileId)}
                  </th>
                  <For each={permissionActions}>
                    {(action) => (
                      <td>
                        <input
                          type="checkbox"
                          checked={entry[action]}
                          disabled={!editing()}
                          aria-label={t("setup.permissions.box", {
                            action: t(`setup.permissions.${action}`),
                            profile: nameOf(entry.profileId),
                          })}
                          onChange={(event) => {
                            setPreview(undefined)
                            {
                              const checked = event.currentTarget.checked
                              setEntries(index(), (row) => withViewRule(row, action, checked))
                            }
                          }}
                        />
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <FormAlert error={error()} />
      <Show when={saved()}>
        <p role="status">{t("setup.permissions.saved")}</p>
      </Show>
      <Show when={transfer()} keyed>
        {(run) => (
          <JobProgress
            jobId={run.jobId}
            title={t("setup.transfer.title")}
            succeeded={() => t("setup.transfer.finished")}
          >
            {() => <TransferReport runId={run.runId} />}
          </JobProgress>
        )}
      </Show>
      <Show
        when={editing()}
        fallback={
          <button ref={focus.opener} type="button" class="button" onClick={startEditing}>
            {props.configured ? t("setup.permissions.editConfiguration") : t("setup.permissions.setup")}
          </button>
        }
      >
        <Show when={preview()}>
          {(shown) => (
            <section class="panel" aria-label={t("setup.permissions.preview")}>
              <p>
                {t("setup.permissions.summary", {
                  toTransfer: shown().toTransfer.length,
                  alreadyPresent: shown().alreadyPresent.length,
                  conflicts: shown().conflicts.length,
                })}
              </p>
              <PreviewList title={t("setup.permissions.toTransfer")} items={shown().toTransfer} />
              <PreviewList
                title={t("setup.permissions.alreadyPresent")}
                items={shown().alreadyPresent.map((u) => ({ ...u, detail: portalRoleWord(u.role, t) }))}
              />
              <PreviewList
                title={t("setup.permissions.conflicts")}
                items={shown().conflicts.map((u) => ({
                  ...u,
                  detail:
                    u.code === "clientUser"
                      ? t("setup.permissions.conflict.clientUser")
                      : t("setup.permissions.conflict.deactivated", { role: portalRoleWord(u.role, t) }),
                }))}
              />
            </section>
          )}
        </Show>
        <div class="actions">
          <Show
            when={preview()}
            fallback={
              <button type="button" class="button primary" disabled={previewing.pending} onClick={onPreview}>
                {previewing.pending ? t("setup.permissions.previewing") : t("setup.permissions.preview")}
              </button>
            }
          >
            <button type="button" class="button primary" disabled={saving.pending} onClick={onSave}>
              {saving.pending ? t("common.saving") : t("common.save")}
            </button>
          </Show>
          <button
            type="button"
            class="button ghost"
            onClick={() => {
              setEditing(false)
              setPreview(undefined)
              const loaded = rows()
              if (loaded) setEntries(reconcile(loaded.map(toEntry)))
              focus.back()
            }}
          >
            {t("common.cancel")}
          </button>
        </div>
      </Show>
    </section>
  )
}
