// Setup › Sync runs (administrators): Sync now followed live, the dry run (CRM vs portal), and every
// run newest first, filtered by trigger and date in the URL.
import { A, revalidate, useAction, useSubmission } from "@solidjs/router"
import { createSignal, For, Show } from "solid-js"
import {
  dryRunResult,
  listSyncRuns,
  type SyncNowStarted,
  startDryRun,
  startSyncNow,
} from "../../api/sync-runs"
import { FilterForm, useFilters } from "../../components/filter-form"
import { FormAlert } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import { AdminOnly } from "../setup/admin-only"
import { JobProgress } from "../setup/integration/job-progress"
import { DryRunReport } from "./dry-run-report"
import { triggerLabel, triggers } from "./labels"
import { SyncRunsTable } from "./sync-runs-table"

const filterNames = ["trigger", "from", "to"] as const

interface PassResult {
  readonly run?: { readonly counts?: { created: number; updated: number; removed: number } }
}

export function SyncRunsPage() {
  const { t, locale } = useI18n()
  const n = (value: number) => new Intl.NumberFormat(locale()).format(value)
  const { filters, apply, clear } = useFilters(filterNames)
  const syncNow = useAction(startSyncNow)
  const syncing = useSubmission(startSyncNow)
  const dryRun = useAction(startDryRun)
  const comparing = useSubmission(startDryRun)
  const [started, setStarted] = createSignal<SyncNowStarted>()
  const [dryRunJob, setDryRunJob] = createSignal<string>()
  const [error, setError] = createSignal<unknown>()

  const onSyncNow = async () => {
    setError(undefined)
    try {
      setStarted(await syncNow())
    } catch (failure) {
      setError(failure)
    }
  }
  const onDryRun = async () => {
    setError(undefined)
    try {
      setDryRunJob((await dryRun()).id)
    } catch (failure) {
      setError(failure)
    }
  }

  return (
    <AdminOnly title={t("syncRuns.title")}>
      <PageHeader
        title={t("syncRuns.title")}
        breadcrumb={t("nav.setup")}
        actions={
          <>
            <button
              type="button"
              class="button primary"
              disabled={syncing.pending}
              onClick={() => void onSyncNow()}
            >
              {syncing.pending ? t("syncRuns.syncNowRunning") : t("syncRuns.syncNow")}
            </button>
            <button type="button" class="button" disabled={comparing.pending} onClick={() => void onDryRun()}>
              {t("syncRuns.dryRun")}
            </button>
          </>
        }
      >
        <p class="muted">{t("syncRuns.intro")}</p>
      </PageHeader>
      <FormAlert error={error()} />
      <Show when={started()} keyed>
        {(sync) => (
          <JobProgress
            jobId={sync.job.id}
            title={t("syncRuns.syncNowTitle", { number: sync.run.number })}
            succeeded={() => t("syncRuns.status.succeeded")}
            onDone={() => void revalidate(listSyncRuns.key)}
          >
            {(job) => {
              const counts = (job.result as PassResult | null)?.run?.counts
              return (
                <>
                  <Show when={counts}>
                    {(c) => (
                      <p>
                        {t("syncRuns.syncNowDone", {
                          number: sync.run.number,
                          created: n(c().created),
                          updated: n(c().updated),
                          removed: n(c().removed),
                        })}
                      </p>
                    )}
                  </Show>
                  <A href={`/setup/sync-runs/${sync.run.id}`}>
                    {t("syncRuns.openReport", { number: sync.run.number })}
                  </A>
                </>
              )
            }}
          </JobProgress>
        )}
      </Show>
      <Show when={dryRunJob()} keyed>
        {(jobId) => (
          <JobProgress
            jobId={jobId}
            title={t("syncRuns.dryRunTitle")}
            succeeded={(done) => t("syncRuns.dryRunDone", { done: n(done) })}
          >
            {(job) => (
              <Show when={dryRunResult(job.result)}>{(result) => <DryRunReport result={result()} />}</Show>
            )}
          </JobProgress>
        )}
      </Show>
      <FilterForm label={t("filters.title")} onApply={apply} onClear={clear}>
        <div class="field">
          <label for="sync-runs-trigger">{t("syncRuns.trigger")}</label>
          <select id="sync-runs-trigger" name="trigger" value={filters().trigger ?? ""}>
            <option value="">{t("syncRuns.anyTrigger")}</option>
            <For each={triggers}>
              {(trigger) => <option value={trigger}>{triggerLabel(trigger, t)}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="sync-runs-from">{t("filters.from")}</label>
          <input id="sync-runs-from" name="from" type="date" value={filters().from ?? ""} />
        </div>
        <div class="field">
          <label for="sync-runs-to">{t("filters.to")}</label>
          <input id="sync-runs-to" name="to" type="date" value={filters().to ?? ""} />
        </div>
      </FilterForm>
      <SyncRunsTable filters={filters()} />
    </AdminOnly>
  )
}
