// The progress of a background job (the import after Save, a catch-up sync): polled from
// `GET /jobs/:id` until it ends; `onDone` lets the page read the new state.
import { createResource, Match, onCleanup, Switch } from "solid-js"
import { ok, rpc } from "../../../api/client"
import type { Job } from "../../../api/types"
import { useI18n } from "../../../i18n"

const terminal: ReadonlyArray<Job["status"]> = ["succeeded", "failed", "cancelled"]
// Polling, not SSE: one request a second is cheap, and survives proxies that buffer event streams.
const pollMs = 1000

export function JobProgress(props: {
  readonly jobId: string
  readonly title: string
  /** What finishing means for this job; the import's wording by default. */
  readonly succeeded?: (done: number) => string
  readonly onDone?: (job: Job) => void
}) {
  const { t } = useI18n()
  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(timer))
  const [job, { refetch }] = createResource(
    () => props.jobId,
    async (id) => {
      const next = await ok(await rpc.jobs[":id"].$get({ param: { id } }))
      if (terminal.includes(next.status)) props.onDone?.(next)
      else timer = setTimeout(() => void refetch(), pollMs)
      return next
    },
  )
  const done = () => job.latest?.progress?.done ?? 0
  const total = () => job.latest?.progress?.total ?? null
  const phase = () => job.latest?.progress?.phase ?? ""
  return (
    <section class="panel" aria-labelledby={`job-${props.jobId}`}>
      <h3 id={`job-${props.jobId}`}>{props.title}</h3>
      <div role="status" aria-live="polite">
        <Switch fallback={<p>{t("setup.import.queued")}</p>}>
          <Match when={job.latest?.status === "succeeded"}>
            <p>{props.succeeded ? props.succeeded(done()) : t("setup.import.succeeded", { done: done() })}</p>
          </Match>
          <Match when={job.latest?.status === "failed"}>
            <p>{t("setup.import.failed", { message: job.latest?.error?.message ?? "" })}</p>
          </Match>
          <Match when={job.latest?.status === "cancelled"}>
            <p>{t("setup.import.cancelled")}</p>
          </Match>
          <Match when={job.latest?.status === "running"}>
            <progress max={total() ?? undefined} value={done()} />
            <p>
              {total() === null
                ? t("setup.import.progressUnknown", { done: done(), phase: phase() })
                : t("setup.import.progress", { done: done(), total: total() ?? 0, phase: phase() })}
            </p>
          </Match>
        </Switch>
      </div>
    </section>
  )
}
