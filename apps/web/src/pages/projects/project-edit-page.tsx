// Create or edit a project. "New project" from a Deal or an Account starts from the draft the field
// mapping fills (`GET /deals/:id/projects/draft`); mapped fields the form does not show go along.
import { A, createAsync, useAction, useParams, useSearchParams, useSubmission } from "@solidjs/router"
import { createSignal, For, Show } from "solid-js"
import { saveProject } from "../../api/actions"
import { getProject, getProjectDraft } from "../../api/queries"
import { FormAlert, fieldError } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { TextField } from "../../components/text-field"
import { useI18n } from "../../i18n"

const firstOf = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value
const asText = (value: unknown): string => (typeof value === "string" ? value : "")
const formFields = ["name", "description", "start_date", "end_date"] as const

export function ProjectEditPage() {
  const { t } = useI18n()
  const params = useParams()
  const [search] = useSearchParams()
  const dealId = () => firstOf(search.dealId)
  const accountId = () => firstOf(search.accountId)
  const existing = createAsync(async () => (params.id ? getProject(params.id) : undefined))
  const draft = createAsync(async () => {
    const deal = dealId()
    const account = accountId()
    if (deal) return getProjectDraft("deals", deal)
    if (account) return getProjectDraft("accounts", account)
    return undefined
  })
  const save = useAction(saveProject)
  const saving = useSubmission(saveProject)
  const [error, setError] = createSignal<unknown>()
  const initial = (field: (typeof formFields)[number]): string => {
    const project = existing()
    if (project) {
      const byField = {
        name: project.name,
        description: project.description,
        start_date: project.startDate,
        end_date: project.endDate,
      }
      return byField[field] ?? ""
    }
    return asText(draft()?.values[field])
  }
  const ready = () =>
    params.id ? existing() !== undefined : !(dealId() || accountId()) || draft() !== undefined
  return (
    <>
      <PageHeader
        title={existing() ? t("projects.editTitle", { name: existing()?.name ?? "" }) : t("projects.new")}
        breadcrumb={t("projects.title")}
      />
      <Show when={ready()}>
        <form
          class="panel"
          onSubmit={async (event) => {
            // The form's own fields override the draft's; empty optional fields are left out.
            const form = new FormData(event.currentTarget)
            const values: Record<string, unknown> = { ...(params.id ? {} : (draft()?.values ?? {})) }
            for (const field of formFields) {
              const value = String(form.get(field) ?? "").trim()
              if (value) values[field] = value
              else delete values[field]
            }
            event.preventDefault()
            setError(undefined)
            try {
              await save({
                ...(params.id ? { id: params.id } : {}),
                values,
                ...(dealId() ? { dealId: dealId() } : {}),
                ...(accountId() ? { accountId: accountId() } : {}),
              })
            } catch (refusal) {
              setError(refusal)
            }
          }}
        >
          <TextField
            name="name"
            label={t("projects.name")}
            required
            value={initial("name")}
            error={fieldError(error(), "name")}
          />
          <TextField
            name="description"
            label={t("projects.description")}
            value={initial("description")}
            error={fieldError(error(), "description")}
          />
          <TextField
            name="start_date"
            label={t("projects.startDate")}
            value={initial("start_date")}
            error={fieldError(error(), "start_date")}
          />
          <TextField
            name="end_date"
            label={t("projects.endDate")}
            value={initial("end_date")}
            error={fieldError(error(), "end_date")}
          />
          <Show when={draft()?.fields.filter((f) => f.problem !== null)}>
            {(empty) => (
              <Show when={empty().length > 0}>
                <ul class="muted" aria-label={t("projects.draftProblems")}>
                  <For each={empty()}>
                    {(field) => (
                      <li>
                        {field.label}: {field.problem}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
          <FormAlert error={error()} fields={[...formFields]} />
          <div class="actions">
            <button type="submit" class="button primary" disabled={saving.pending}>
              {saving.pending ? t("common.saving") : t("common.save")}
            </button>
            <A class="button ghost" href={params.id ? `/projects/${params.id}` : "/projects"}>
              {t("common.cancel")}
            </A>
          </div>
        </form>
      </Show>
    </>
  )
}
