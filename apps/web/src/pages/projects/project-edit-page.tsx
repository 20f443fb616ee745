// Create or edit a project with every field of its layout a user may set (standard and custom, by
// type), the layout choice where the portal has several, and owner and status pickers. "New project"
// from a Deal or an Account starts from the draft the field mapping fills, saying where each value
// came from; the API's refusals are shown at their fields.
import { A, createAsync, useAction, useParams, useSearchParams, useSubmission } from "@solidjs/router"
import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js"
import { createStore } from "solid-js/store"
import { saveProject } from "../../api/actions"
import { getFields, getProject, getProjectDraft, getProjectForm } from "../../api/queries"
import type { CrmProject, ProjectDraftView, ProjectFormField, ProjectFormView } from "../../api/types"
import { FormAlert, fieldError } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import type { MessageKey } from "../../i18n/en"
import { type ControlValue, ProjectFieldInput } from "./project-field-input"

const firstOf = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value

const standardLabels: Readonly<Record<string, MessageKey>> = {
  name: "projects.name",
  description: "projects.description",
  owner: "projects.owner",
  status: "projects.status",
  start_date: "projects.startDate",
  end_date: "projects.endDate",
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

/** A value from the API (draft, project, portal default) as its control holds it. */
function toControl(field: ProjectFormField, value: unknown): ControlValue | undefined {
  if (value === null || value === undefined) return undefined
  if (field.type === "boolean") return value === true || value === "true"
  if (Array.isArray(value))
    return value.map((v) => (isRecord(v) ? String(v.zpuid ?? v.id ?? v.value ?? "") : String(v)))
  if (isRecord(value)) return String(value.zpuid ?? value.id ?? value.value ?? value.name ?? "")
  return String(value)
}

/** A control's value as the API takes it; undefined when empty. */
function fromControl(field: ProjectFormField, value: ControlValue | undefined): unknown {
  if (value === undefined) return undefined
  if (field.type === "boolean") return value === true
  if (Array.isArray(value)) return value.length > 0 ? [...value] : undefined
  const text = typeof value === "string" ? value.trim() : ""
  if (text === "") return undefined
  if (["number", "decimal", "currency", "percent"].includes(field.type)) {
    const n = Number(text)
    return Number.isFinite(n) ? n : text
  }
  return text
}

/** The values a saved project has, by field api name. */
function projectValues(project: CrmProject, form: ProjectFormView): Record<string, unknown> {
  return {
    ...project.customFields,
    name: project.name,
    description: project.description,
    start_date: project.startDate,
    end_date: project.endDate,
    status: project.status,
    owner: form.owners.find((o) => o.email === project.owner?.email)?.zpuid ?? null,
  }
}

export function ProjectEditPage() {
  const { t } = useI18n()
  const params = useParams()
  const [search] = useSearchParams()
  const dealId = () => firstOf(search.dealId)
  const accountId = () => firstOf(search.accountId)
  const form = createAsync(() => getProjectForm())
  const existing = createAsync(async () => (params.id ? getProject(params.id) : undefined))
  const draft = createAsync(async (): Promise<ProjectDraftView | undefined> => {
    const deal = dealId()
    const account = accountId()
    if (deal) return getProjectDraft("deals", deal)
    if (account) return getProjectDraft("accounts", account)
    return undefined
  })
  const dealFields = createAsync(() => getFields("deals"))
  const accountFields = createAsync(() => getFields("accounts"))
  const save = useAction(saveProject)
  const saving = useSubmission(saveProject)
  const [error, setError] = createSignal<unknown>()
  const [values, setValues] = createStore<Record<string, ControlValue | undefined>>({})
  const [layoutId, setLayoutId] = createSignal<string>()

  const ready = () =>
    form() !== undefined &&
    (params.id ? existing() !== undefined : !(dealId() || accountId()) || draft() !== undefined)

  // The form starts from the saved project, else the draft, else the portal's defaults.
  createEffect(
    on(ready, (isReady) => {
      const shape = form()
      if (!isReady || !shape) return
      const project = existing()
      const source: Record<string, unknown> = project
        ? projectValues(project, shape)
        : { ...(draft()?.values ?? {}) }
      const initial: Record<string, ControlValue | undefined> = {}
      for (const field of shape.fields) {
        const value = source[field.apiName] ?? (project ? undefined : field.defaultValue)
        initial[field.apiName] = toControl(field, value)
      }
      setValues(initial)
      const used = Object.keys(project?.customFields ?? {})
      const fits = shape.layouts.find((l) => used.every((apiName) => l.fields.includes(apiName)))
      setLayoutId((fits ?? shape.layouts.find((l) => l.isDefault) ?? shape.layouts[0])?.id)
    }),
  )

  const layout = () => form()?.layouts.find((l) => l.id === layoutId())
  const shown = createMemo(() => {
    const shape = form()
    const chosen = layout()
    if (!shape) return []
    return shape.fields.filter(
      (field) =>
        chosen === undefined || chosen.fields.includes(field.apiName) || field.layoutIds.length === 0,
    )
  })

  const crmLabel = (module: "deals" | "accounts", apiName: string) =>
    (module === "deals" ? dealFields() : accountFields())?.find((f) => f.apiName === apiName)?.label ??
    apiName
  const noteFor = (field: ProjectFormField): string | undefined => {
    if (existing()) return undefined
    const drafted = draft()?.fields.find((f) => f.projectField === field.apiName)
    if (drafted?.problem) return t("projects.emptyBecause", { reason: drafted.problem })
    if (drafted?.source && drafted.value !== null && drafted.value !== undefined)
      return t("projects.valueFrom", {
        module: t(drafted.source.module === "deals" ? "module.deals.one" : "module.accounts.one"),
        field: crmLabel(drafted.source.module, drafted.source.field),
      })
    if (
      field.defaultValue !== null &&
      field.defaultValue !== undefined &&
      values[field.apiName] !== undefined
    )
      return t("projects.portalDefault")
    return undefined
  }
  const labelOf = (field: ProjectFormField) => {
    const key = field.custom ? undefined : standardLabels[field.apiName]
    return key ? t(key) : field.label
  }

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault()
    const body: Record<string, unknown> = {}
    for (const field of shown()) {
      const value = fromControl(field, values[field.apiName])
      // Editing clears a field emptied by the user; creating leaves it out.
      if (value !== undefined) body[field.apiName] = value
      else if (params.id && field.apiName !== "name") body[field.apiName] = null
    }
    const chosen = layoutId()
    if (!params.id && chosen && (form()?.layouts.length ?? 0) > 1) body.layout = chosen
    setError(undefined)
    try {
      await save({
        ...(params.id ? { id: params.id } : {}),
        values: body,
        ...(dealId() ? { dealId: dealId() } : {}),
        ...(accountId() ? { accountId: accountId() } : {}),
      })
    } catch (refusal) {
      setError(refusal)
    }
  }

  return (
    <>
      <PageHeader
        title={existing() ? t("projects.editTitle", { name: existing()?.name ?? "" }) : t("projects.new")}
        breadcrumb={t("projects.title")}
      />
      <Show when={ready() ? form() : undefined}>
        {(shape) => (
          <form class="panel project-form" onSubmit={onSubmit} novalidate>
            <Show when={draft() && !params.id}>
              <p class="muted">{t(dealId() ? "projects.fromDeal" : "projects.fromAccount")}</p>
            </Show>
            <Show when={!params.id && shape().layouts.length > 1}>
              <div class="field">
                <label for="project-layout">{t("projects.layout")}</label>
                <select
                  id="project-layout"
                  onChange={(event) => setLayoutId(event.currentTarget.value)}
                  aria-describedby="project-layout-hint"
                >
                  <For each={shape().layouts}>
                    {(option) => (
                      <option value={option.id} selected={option.id === layoutId()}>
                        {option.name}
                      </option>
                    )}
                  </For>
                </select>
                <p id="project-layout-hint" class="hint">
                  {t("projects.layoutHint")}
                </p>
              </div>
            </Show>
            <For each={shown()}>
              {(field) => (
                <ProjectFieldInput
                  field={field}
                  label={labelOf(field)}
                  value={values[field.apiName]}
                  onChange={(value) => setValues(field.apiName, value)}
                  owners={shape().owners}
                  statuses={shape().statuses.map((s) => s.name)}
                  note={noteFor(field)}
                  error={fieldError(error(), field.apiName)}
                />
              )}
            </For>
            <FormAlert error={error()} fields={[...shown().map((f) => f.apiName), "layout"]} />
            <div class="actions">
              <button type="submit" class="button primary" disabled={saving.pending}>
                {saving.pending ? t("common.saving") : t("common.save")}
              </button>
              <A class="button ghost" href={params.id ? `/projects/${params.id}` : "/projects"}>
                {t("common.cancel")}
              </A>
            </div>
          </form>
        )}
      </Show>
    </>
  )
}
