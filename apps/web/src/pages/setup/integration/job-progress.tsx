// The progress of a background job (the import after Save, a catch-up sync, client mapping, a user
// transfer), followed live over the API's server-sent events; once it ends, its result stays on
// screen (`children` renders the job's own report).
import { createSignal, type JSX, Match, onCleanup, Show, Switch } from "solid-js"
import { followJob } from "../../../api/job-events"
import { problemKey } from "../../../api/problem-message"
import type { Job } from "../../../api/types"
import { FormAlert } from "../../../components/form-alert"
import { useI18n } from "../../../i18n"
import type { MessageKey } from "../../../i18n/en"

// The phases jobs report, as words; a phase not listed here is not shown rather than shown raw.
const phaseKeys: Readonly<Record<string, MessageKey>> = {
  webhook: "job.phase.webhook",
  "portal-users": "job.phase.portalUsers",
  clients: "job.phase.clients",
  "client-users": "job.phase.clientUsers",
  projects: "job.phase.projects",
  cleanup: "job.phase.cleanup",
  done: "job.phase.done",
  counting: "job.phase.counting",
  map: "job.phase.map",
  contacts: "job.phase.contacts",
  transferring: "job.phase.transferring",
}

export function JobProgress(props: {
  readonly jobId: string
  readonly title: string
  /** What finishing means for this job; the import's wording by default. */
  readonly succeeded?: (done: number) => string
  readonly onDone?: (job: Job) => void
  /** The job's result, once it succeeded. */
  readonly children?: (job: Job) => JSX.Element
}) {
  const { t, locale } = useI18n()
  const formatNumber = (n: number) => new Intl.NumberFormat(locale()).format(n)
  const [job, setJob] = createSignal<Job>()
  const [error, setError] = createSignal<unknown>()
  const abort = new AbortController()
  onCleanup(() => abort.abort())
  followJob(props.jobId, setJob, abort.signal).then(
    (last) => props.onDone?.(last),
    (refusal: unknown) => {
      if (!abort.signal.aborted) setError(refusal)
    },
  )
  const done = () => job()?.progress?.done ?? 0
  const total = () => job()?.progress?.total ?? null
  const phase = () => {
    const key = phaseKeys[job()?.progress?.phase ?? ""]
    return key ? t(key) : undefined
  }
  const running = () => {
    const shown = phase()
    const numbers = { done: formatNumber(done()), total: formatNumber(total() ?? 0) }
    if (total() === null)
      return shown === undefined
        ? t("setup.import.progressUnknownNoPhase", numbers)
        : t("setup.import.progressUnknown", { ...numbers, phase: shown })
    return shown === undefined
      ? t("setup.import.progressNoPhase", numbers)
      : t("setup.import.progress", { ...numbers, phase: shown })
  }
  // A failed job keeps its error's tag: the same words as the API's refusal of that code, when they
  // need no parameter the job does not keep; never the job's English message.
  const failure = () => {
    const tag = job()?.error?.tag
    const key = tag === undefined ? undefined : problemKey({ code: tag, params: {}, status: 500 })
    const words = key === undefined || key === "problem.server" ? undefined : t(key)
    return words === undefined || /\{\w+\}/.test(words)
      ? t("setup.import.failedUnknown")
      : t("setup.import.failed", { message: words })
  }
  return (
    <section class="panel" aria-labelledby={`job-${props.jobId}`}>
      <h3 id={`job-${props.jobId}`}>{props.title}</h3>
      <FormAlert error={error()} />
      <div role="status" aria-live="polite">
        <Switch fallback={<p>{t("setup.import.queued")}</p>}>
          <Match when={job()?.status === "succeeded"}>
            <p>
              {props.succeeded
                ? props.succeeded(done())
                : t("setup.import.succeeded", { done: formatNumber(done()) })}
            </p>
          </Match>
          <Match when={job()?.status === "failed"}>
            <p>{failure()}</p>
          </Match>
          <Match when={job()?.status === "cancelled"}>
            <p>{t("setup.import.cancelled")}</p>
          </Match>
          <Match when={job()?.status === "running"}>
            <progress max={total() ?? undefined} value={done()} aria-label={props.title} />
            <p>{running()}</p>
          </Match>
        </Switch>
      </div>
      <Show when={job()?.status === "succeeded" && props.children ? job() : undefined}>
        {(finished) => props.children?.(finished())}
      </Show>
    </section>
  )
}
