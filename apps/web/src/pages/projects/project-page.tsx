// One project (SPEC §4.6): every field it has (custom fields by their portal label), its Deal and
// Account, the contacts its client users became, with Edit and Delete as `/me`'s permissions allow.
import { A, createAsync, useAction, useParams, useSubmission } from "@solidjs/router"
import { createEffect, createSignal, For, on, Show } from "solid-js"
import { deleteProject } from "../../api/actions"
import { ok, rpc } from "../../api/client"
import { getProject, getProjectForm, getRecord } from "../../api/queries"
import type { ProjectFormView } from "../../api/types"

type ProjectContactView = { contactId: string; name: string; email: string | null }

import { useMe } from "../../components/app-shell"
import { ConfirmButton } from "../../components/confirm-button"
import { FormAlert } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { RichText } from "../../components/rich-text"
import { useI18n } from "../../i18n"
import { ProjectFieldHistory } from "../sync-runs/project-field-history"
import { ProjectProgressSection } from "./project-progress"

export function ProjectPage() {
  const { t, formatDate } = useI18n()
  const me = useMe()
  const params = useParams()
  const id = () => params.id ?? ""
  const project = createAsync(() => getProject(id()))
  // Labels and the contacts are read beside the project, outside Suspense: the page never waits on them.
  const [form, setForm] = createSignal<ProjectFormView>()
  getProjectForm().then(setForm, () => undefined)
  const [contacts, setContacts] = createSignal<ReadonlyArray<ProjectContactView>>([])
  createEffect(
    on(id, (projectId) => {
      rpc.projects[":id"].contacts
        .$get({ param: { id: projectId } })
        .then(ok)
        .then(
          (page) => setContacts(page.items),
          () => setContacts([]),
        )
    }),
  )
  const [deal, setDeal] = createSignal<string>()
  const [account, setAccount] = createSignal<string>()
  createEffect(() => {
    const dealId = project()?.dealId
    const accountId = project()?.accountId
    if (dealId)
      getRecord("deals", dealId).then(
        (r) => setDeal(r.name),
        () => undefined,
      )
    if (accountId)
      getRecord("accounts", accountId).then(
        (r) => setAccount(r.name),
        () => undefined,
      )
  })
  const labelOf = (apiName: string) => form()?.fields.find((f) => f.apiName === apiName)?.label ?? apiName
  const shown = (value: unknown): string => {
    if (value === null || value === undefined || value === "") return t("common.none")
    if (typeof value === "boolean") return value ? t("common.yes") : t("common.no")
    // Dates of custom fields come as the portal writes them (YYYY-MM-DD): shown in the locale.
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value)
    if (Array.isArray(value)) return value.map(shown).join(", ")
    if (typeof value === "object") {
      const named = value as Record<string, unknown>
      return String(named.name ?? named.full_name ?? named.email ?? named.value ?? named.id ?? "")
    }
    return String(value)
  }
  const remove = useAction(deleteProject)
  const removing = useSubmission(deleteProject)
  const [error, setError] = createSignal<unknown>()
  const onDelete = async () => {
    setError(undefined)
    try {
      await remove(id())
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <Show when={project()}>
      {(current) => (
        <>
          <PageHeader
            title={current().name}
            breadcrumb={t("projects.title")}
            actions={
              <>
                <Show when={me().projectPermissions?.edit}>
                  <A class="button" href={`/projects/${current().id}/edit`}>
                    {t("common.edit")}
                  </A>
                </Show>
                <Show when={me().projectPermissions?.delete}>
                  <ConfirmButton
                    label={t("common.delete")}
                    question={t("projects.confirmDelete")}
                    pending={removing.pending}
                    pendingLabel={t("common.deleting")}
                    onConfirm={onDelete}
                  />
                </Show>
              </>
            }
          />
          <FormAlert error={error()} />
          <section class="panel" aria-labelledby="project-details">
            <h2 id="project-details">{t("projects.details")}</h2>
            <dl class="details">
              <div>
                <dt>{t("projects.status")}</dt>
                <dd>{current().status ?? t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.owner")}</dt>
                <dd>{current().owner?.name ?? current().owner?.email ?? t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.startDate")}</dt>
                <dd>{current().startDate ? formatDate(current().startDate) : t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.endDate")}</dt>
                <dd>{current().endDate ? formatDate(current().endDate) : t("common.none")}</dd>
              </div>
              <div>
                <dt>{t("projects.percent")}</dt>
                <dd>
                  {current().percentComplete === null ? t("common.none") : `${current().percentComplete} %`}
                </dd>
              </div>
              <div>
                <dt>{t("projects.clients")}</dt>
                <dd>
                  {current()
                    .clients.map((c) => c.name)
                    .join(", ") || t("common.none")}
                </dd>
              </div>
              <Show when={current().dealId}>
                <div>
                  <dt>{t("module.deals.one")}</dt>
                  <dd translate="no">
                    <A href={`/deals/${current().dealId}`}>{deal() ?? t("module.deals.one")}</A>
                  </dd>
                </div>
              </Show>
              <Show when={current().accountId}>
                <div>
                  <dt>{t("module.accounts.one")}</dt>
                  <dd translate="no">
                    <A href={`/accounts/${current().accountId}`}>{account() ?? t("module.accounts.one")}</A>
                  </dd>
                </div>
              </Show>
              <For
                each={Object.entries(current().customFields).filter(([key]) =>
                  key.startsWith("projects_cf_"),
                )}
              >
                {([apiName, value]) => (
                  <div>
                    <dt translate="no">{labelOf(apiName)}</dt>
                    <dd translate="no">{shown(value)}</dd>
                  </div>
                )}
              </For>
              <div>
                <dt>{t("projects.description")}</dt>
                <dd>
                  <Show when={current().description} fallback={t("common.none")}>
                    {(html) => <RichText html={html()} />}
                  </Show>
                </dd>
              </div>
            </dl>
          </section>
          <ProjectProgressSection projectId={current().id} />
          <section class="panel" aria-labelledby="project-contacts">
            <h2 id="project-contacts">{t("projects.contacts")}</h2>
            <Show when={contacts().length > 0} fallback={<p class="muted">{t("projects.noContacts")}</p>}>
              <ul>
                <For each={contacts()}>
                  {(contact) => (
                    <li translate="no">
                      <A href={`/contacts/${contact.contactId}`}>{contact.name}</A>
                      <Show when={contact.email}>{(email) => <span class="muted"> ({email()})</span>}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </section>
          <ProjectFieldHistory projectId={current().id} />
        </>
      )}
    </Show>
  )
}
