// Step 2, field mapping (seed: "Map Now", "Map Fields", "Done"): for each project field, a Deals
// field and an Accounts field of a compatible type; lines whose field is gone are flagged broken.
import { createAsync, useAction, useSubmission } from "@solidjs/router"
import { createEffect, createSignal, For, Show, untrack } from "solid-js"
import { createStore, reconcile } from "solid-js/store"
import { type FieldMappingLineInput, saveFieldMapping } from "../../../api/actions"
import { getFieldMapping, getFieldMappingCandidates, getProjectForm } from "../../../api/queries"
import type { FieldMappingCandidates, FieldMappingView, ProjectFormView } from "../../../api/types"
import { createFocusReturn } from "../../../components/focus-return"
import { FormAlert, fieldError } from "../../../components/form-alert"
import { useI18n } from "../../../i18n"
import { fieldLabel } from "../../../i18n/field-label"
import { standardLabelKey } from "../../projects/project-field-labels"

type Line = { projectField: string; dealsField: string | null; accountsField: string | null }
type Candidate = FieldMappingCandidates["projectFields"][number]

function SourceSelect(props: {
  readonly label: string
  readonly value: string | null
  readonly options: ReadonlyArray<{ apiName: string; label: string }>
  readonly error: string | undefined
  readonly onChange: (value: string | null) => void
}) {
  const { t } = useI18n()
  return (
    <>
      <select
        aria-label={props.label}
        value={props.value ?? ""}
        aria-invalid={props.error ? "true" : undefined}
        onChange={(event) => props.onChange(event.currentTarget.value || null)}
      >
        <option value="">{t("common.noneOption")}</option>
        <For each={props.options}>{(option) => <option value={option.apiName}>{option.label}</option>}</For>
      </select>
      <Show when={props.error}>
        <p class="field-error">{props.error}</p>
      </Show>
    </>
  )
}

/** A project field's label: the console's words for a standard field, the portal's for a custom one. */
function useProjectLabel() {
  const { t } = useI18n()
  return (field: { apiName: string; label: string; custom: boolean }) => {
    const key = standardLabelKey(field.apiName, field.custom)
    return key ? t(key) : field.label
  }
}

function MappingEditor(props: {
  readonly onDone: () => void
  readonly focusInto: (element: HTMLElement) => void
}) {
  const { t } = useI18n()
  const projectLabel = useProjectLabel()
  const candidates = createAsync(() => getFieldMappingCandidates())
  // Which layouts take each field: a project gets a mapped value only if its layout has the field.
  // Read outside Suspense: the table never waits for (or is rebuilt by) this hint.
  const [form, setForm] = createSignal<ProjectFormView>()
  getProjectForm().then(setForm, () => undefined)
  const onlyIn = (apiName: string): string | undefined => {
    const layouts = form()?.layouts ?? []
    const taking = layouts.filter((l) => l.fields.includes(apiName))
    return layouts.length > 1 && taking.length > 0 && taking.length < layouts.length
      ? taking.map((l) => l.name).join(", ")
      : undefined
  }
  const current = createAsync(() => getFieldMapping())
  const [lines, setLines] = createStore<Record<string, Line>>({})
  const [loaded, setLoaded] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const save = useAction(saveFieldMapping)
  const saving = useSubmission(saveFieldMapping)

  // The editor starts from the saved mapping once; later revalidations do not undo the admin's choices.
  createEffect(() => {
    const all = candidates()
    const saved = current()
    if (!all || !saved || untrack(loaded)) return
    const initial: Record<string, Line> = {}
    for (const field of all.projectFields) {
      const line = saved.entries.find((e) => e.projectField === field.apiName)
      initial[field.apiName] = {
        projectField: field.apiName,
        dealsField: line?.deals?.apiName ?? null,
        accountsField: line?.accounts?.apiName ?? null,
      }
    }
    setLines(reconcile(initial))
    setLoaded(true)
  })
  const fields = (): ReadonlyArray<Candidate> =>
    loaded() ? (candidates()?.projectFields.filter((f) => f.type !== null) ?? []) : []
  // Standard CRM fields in the chosen language, custom ones as their administrator typed them.
  const labelOf = (module: "deals" | "accounts", apiName: string) => {
    const found = candidates()?.[module].find((f) => f.apiName === apiName)
    return found ? fieldLabel({ module, apiName, label: found.label, custom: found.custom }, t) : apiName
  }
  const optionsOf = (field: Candidate, module: "deals" | "accounts") =>
    field.compatible[module].map((c) => ({ apiName: c.apiName, label: labelOf(module, c.apiName) }))
  const entries = (): Array<FieldMappingLineInput> =>
    Object.values(lines).filter((l) => l.dealsField !== null || l.accountsField !== null)
  const errorAt = (projectField: string, side: "dealsField" | "accountsField") => {
    const index = entries().findIndex((e) => e.projectField === projectField)
    return index < 0 ? undefined : fieldError(error(), `entries[${index}].${side}`)
  }
  const onDone = async () => {
    setError(undefined)
    try {
      await save(entries())
      props.onDone()
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <fieldset class="editor" tabindex="-1" ref={props.focusInto}>
      <legend class="visually-hidden">{t("setup.fields.caption")}</legend>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t("setup.fields.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("setup.fields.projectField")}</th>
              <th scope="col">{t("setup.fields.deals")}</th>
              <th scope="col">{t("setup.fields.accounts")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={fields()}>
              {(field) => (
                <tr>
                  <th scope="row">
                    {projectLabel(field)}
                    <Show when={onlyIn(field.apiName)}>
                      {(names) => <p class="hint">{t("setup.fields.onlyInLayout", { layouts: names() })}</p>}
                    </Show>
                  </th>
                  <td>
                    <SourceSelect
                      label={t("setup.fields.dealsFor", { field: projectLabel(field) })}
                      value={lines[field.apiName]?.dealsField ?? null}
                      options={optionsOf(field, "deals")}
                      error={errorAt(field.apiName, "dealsField")}
                      onChange={(value) => setLines(field.apiName, "dealsField", value)}
                    />
                  </td>
                  <td>
                    <SourceSelect
                      label={t("setup.fields.accountsFor", { field: projectLabel(field) })}
                      value={lines[field.apiName]?.accountsField ?? null}
                      options={optionsOf(field, "accounts")}
                      error={errorAt(field.apiName, "accountsField")}
                      onChange={(value) => setLines(field.apiName, "accountsField", value)}
                    />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <FormAlert
        error={error()}
        fields={entries().flatMap((_, i) => [`entries[${i}].dealsField`, `entries[${i}].accountsField`])}
      />
      <button type="button" class="button primary" disabled={saving.pending} onClick={onDone}>
        {saving.pending ? t("common.saving") : t("setup.fields.done")}
      </button>
    </fieldset>
  )
}

type MappingLine = FieldMappingView["entries"][number]

/** Why a saved line is broken, in the user's language; the CRM field by its label as the admin sees it. */
function brokenReason(
  line: MappingLine,
  reason: MappingLine["reasons"][number],
  t: ReturnType<typeof useI18n>["t"],
): string {
  const side = reason.module === null ? null : line[reason.module]
  const field =
    reason.module === null || reason.field === null
      ? ""
      : fieldLabel(
          {
            module: reason.module,
            apiName: reason.field,
            label: side?.label ?? reason.field,
            custom: false,
          },
          t,
        )
  return t(`setup.fields.reason.${reason.code}`, {
    field,
    module: reason.module === null ? "" : t(`module.${reason.module}`),
    options: reason.params.options ?? "",
  })
}

export function FieldMappingStep(props: { readonly configured: boolean }) {
  const { t } = useI18n()
  const projectLabel = useProjectLabel()
  const current = createAsync(() => getFieldMapping())
  const [editing, setEditing] = createSignal(false)
  const [saved, setSaved] = createSignal(false)
  const focus = createFocusReturn()
  return (
    <section class="panel" aria-labelledby="field-mapping">
      <h2 id="field-mapping">{t("setup.fields.title")}</h2>
      <p class="muted">{t("setup.fields.intro")}</p>
      <Show
        when={editing()}
        fallback={
          <>
            <Show when={saved()}>
              <p role="status">{t("setup.fields.saved")}</p>
            </Show>
            <Show
              when={(current()?.entries.length ?? 0) > 0}
              fallback={<p class="muted">{t("setup.fields.empty")}</p>}
            >
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">{t("setup.fields.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("setup.fields.projectField")}</th>
                      <th scope="col">{t("setup.fields.deals")}</th>
                      <th scope="col">{t("setup.fields.accounts")}</th>
                      <th scope="col">{t("setup.fields.state")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={current()?.entries}>
                      {(line) => (
                        <tr classList={{ broken: line.status === "broken" }}>
                          <th scope="row">
                            {projectLabel({
                              apiName: line.projectField,
                              label: line.projectFieldLabel,
                              custom: line.projectField.startsWith("projects_cf_"),
                            })}
                          </th>
                          <td>
                            {line.deals
                              ? fieldLabel(
                                  {
                                    module: "deals",
                                    custom: false,
                                    ...line.deals,
                                    label: line.deals.label ?? line.deals.apiName,
                                  },
                                  t,
                                )
                              : t("common.none")}
                          </td>
                          <td>
                            {line.accounts
                              ? fieldLabel(
                                  {
                                    module: "accounts",
                                    custom: false,
                                    ...line.accounts,
                                    label: line.accounts.label ?? line.accounts.apiName,
                                  },
                                  t,
                                )
                              : t("common.none")}
                          </td>
                          <td>
                            <Show when={line.status === "broken"} fallback={t("setup.fields.ok")}>
                              <strong class="badge status-key_invalid">{t("setup.fields.broken")}</strong>{" "}
                              {line.reasons.map((reason) => brokenReason(line, reason, t)).join(" ")}
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </Show>
            <button
              ref={focus.opener}
              type="button"
              class="button"
              onClick={() => {
                setSaved(false)
                setEditing(true)
              }}
            >
              {props.configured ? t("setup.fields.mapFields") : t("setup.fields.mapNow")}
            </button>
          </>
        }
      >
        <MappingEditor
          focusInto={focus.into}
          onDone={() => {
            setEditing(false)
            setSaved(true)
            focus.back()
          }}
        />
      </Show>
    </section>
  )
}
