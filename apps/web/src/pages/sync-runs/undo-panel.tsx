// Undo a run from its report: a preview of what goes back and what cannot (changed since, and by
// which run), then the undo itself, which is a run of its own.
import { A, useAction, useSubmission } from "@solidjs/router"
import { createSignal, For, Show } from "solid-js"
import { previewUndo, type SyncRun, type Undone, type UndoPreview, undoRun } from "../../api/sync-runs"
import { FormAlert } from "../../components/form-alert"
import { useI18n } from "../../i18n"
import type { MessageKey } from "../../i18n/en"

type Step = UndoPreview["revertible"][number]

export function UndoPanel(props: { readonly run: SyncRun }) {
  const { t } = useI18n()
  const [preview, setPreview] = createSignal<UndoPreview>()
  const [done, setDone] = createSignal<Undone>()
  const [error, setError] = createSignal<unknown>()
  const undo = useAction(undoRun)
  const undoing = useSubmission(undoRun)
  const name = (step: Step) => step.name ?? step.key
  const describe = (step: Step) =>
    t(`undo.action.${step.action}` as MessageKey, { name: name(step), fields: step.fields.join(", ") })
  const open = async () => {
    setError(undefined)
    try {
      setPreview(await previewUndo(props.run.id))
    } catch (failure) {
      setError(failure)
    }
  }
  const confirm = async () => {
    setError(undefined)
    try {
      setDone(await undo(props.run.id))
    } catch (failure) {
      setError(failure)
    }
  }
  return (
    <section class="panel" aria-labelledby="undo-run">
      <h2 id="undo-run">{t("undo.title", { number: props.run.number })}</h2>
      <p class="muted">{t("undo.intro")}</p>
      <FormAlert error={error()} />
      <Show
        when={done()}
        fallback={
          <Show
            when={preview()}
            fallback={
              <Show
                when={props.run.undoneByRunId}
                fallback={
                  <button type="button" class="button" onClick={() => void open()}>
                    {t("undo.open")}
                  </button>
                }
              >
                {(undoRunId) => <A href={`/setup/sync-runs/${undoRunId()}`}>{t("undo.alreadyUndone")}</A>}
              </Show>
            }
          >
            {(plan) => (
              <>
                <h3>{t("undo.revertible", { count: plan().revertible.length })}</h3>
                <ul>
                  <For each={plan().revertible} fallback={<li>{t("undo.nothing")}</li>}>
                    {(step) => <li translate="no">{describe(step)}</li>}
                  </For>
                </ul>
                <Show when={plan().notRevertible.length > 0}>
                  <h3>{t("undo.notRevertible", { count: plan().notRevertible.length })}</h3>
                  <ul>
                    <For each={plan().notRevertible}>
                      {(step) => (
                        <li translate="no">
                          {t("undo.blocked", { name: name(step), number: step.blockedBy?.runNumber ?? "" })}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <button
                  type="button"
                  class="button primary"
                  disabled={undoing.pending || plan().revertible.length === 0}
                  onClick={() => void confirm()}
                >
                  {undoing.pending ? t("undo.confirming") : t("undo.confirm")}
                </button>
              </>
            )}
          </Show>
        }
      >
        {(result) => (
          <div role="status">
            <p>
              {t("undo.done", {
                number: props.run.number,
                reverted: result().reverted.length,
                blocked: result().notRevertible.length,
              })}
            </p>
            <A href={`/setup/sync-runs/${result().undoRun.id}`}>
              {t("undo.openRun", { number: result().undoRun.number })}
            </A>
          </div>
        )}
      </Show>
    </section>
  )
}
