// Client mapping (seed: "Yes Map matching records" / "No Skip"): the dry-run preview listing which
// clients would be mapped and why the others would not, the one-time automatic run (a job) with its
// report (what the admins' e-mail says), and the manual mapping table, always available.
import { createAsync, revalidate, useAction } from "@solidjs/router"
import { createMemo, createResource, createSignal, For, Show } from "solid-js"
import { mapClient, mapClientsAutomatically, skipClientMapping, unmapClient } from "../../../api/actions"
import { ok, rpc } from "../../../api/client"
import { listClientMappings } from "../../../api/queries"
import type { ClientMappingEntry, ClientMappingPreview } from "../../../api/types"
import { createFocusReturn } from "../../../components/focus-return"
import { FormAlert } from "../../../components/form-alert"
import { useI18n } from "../../../i18n"
import { AccountSearch } from "./account-search"
import { JobProgress } from "./job-progress"

type Unmapped = ClientMappingPreview["unmapped"][number]

function ManualRow(props: { readonly entry: ClientMappingEntry; readonly onChanged: () => void }) {
  const { t } = useI18n()
  const map = useAction(mapClient)
  const unmap = useAction(unmapClient)
  const [error, setError] = createSignal<unknown>()
  const [changing, setChanging] = createSignal(false)
  // Change opens the account search in place: focus goes into it, and back to Change once it closes.
  const focus = createFocusReturn()
  const stopChanging = () => {
    if (!changing()) return
    setChanging(false)
    focus.back()
  }
  const run = async (write: () => Promise<unknown>) => {
    setError(undefined)
    try {
      await write()
      stopChanging()
      props.onChanged()
    } catch (refusal) {
      setError(refusal)
    }
  }
  const client = () => props.entry.client.name
  return (
    <tr>
      <th scope="row">{client()}</th>
      <td>
        <Show when={props.entry.account}>
          {(account) => <a href={`/accounts/${account().id}`}>{account().name}</a>}
        </Show>
        <Show when={!props.entry.account || changing()}>
          <AccountSearch
            label={t("setup.clients.accountFor", { client: client() })}
            onPick={(account) => void run(() => map(props.entry.client.id, account.id))}
            inputRef={(element) => {
              if (changing()) focus.into(element)
            }}
            onCancel={changing() ? stopChanging : undefined}
          />
        </Show>
        <FormAlert error={error()} />
      </td>
      <td class="actions">
        <Show when={props.entry.account && !changing()}>
          <button
            ref={focus.opener}
            type="button"
            class="button ghost"
            aria-label={t("setup.clients.changeLabel", { client: client() })}
            onClick={() => setChanging(true)}
          >
            {t("setup.clients.change")}
          </button>
          <button
            type="button"
            class="button ghost"
            aria-label={t("setup.clients.unmapLabel", { client: client() })}
            onClick={() => void run(() => unmap(props.entry.client.id))}
          >
            {t("setup.clients.unmap")}
          </button>
        </Show>
      </td>
    </tr>
  )
}

function Outcomes(props: { readonly report: ClientMappingPreview; readonly done: boolean }) {
  const { t } = useI18n()
  const reason = (entry: Unmapped) =>
    entry.reason === "several_accounts"
      ? t("setup.clients.reason.several_accounts", { count: entry.matchCount })
      : entry.reason === "account_taken"
        ? t("setup.clients.reason.account_taken", { client: entry.heldBy?.name ?? "" })
        : t("setup.clients.reason.no_account")
  return (
    <>
      <h3>
        {props.done
          ? t("setup.clients.mapped", { count: props.report.mapped.length })
          : t("setup.clients.willMap", { count: props.report.mapped.length })}
      </h3>
      <ul>
        <For each={props.report.mapped}>
          {(entry) => (
            <li>
              {entry.client.name} → {entry.account.name}
            </li>
          )}
        </For>
      </ul>
      <h3>
        {props.done
          ? t("setup.clients.notMapped", { count: props.report.unmapped.length })
          : t("setup.clients.wontMap", { count: props.report.unmapped.length })}
      </h3>
      <ul>
        <For each={props.report.unmapped}>
          {(entry) => (
            <li>
              {entry.client.name}: {reason(entry)}
            </li>
          )}
        </For>
      </ul>
    </>
  )
}

export function ClientMappingStep(props: {
  /** Finished imports so far: the preview reads what the last one brought. */
  readonly imports: number
  readonly onChanged: () => void
}) {
  const { t } = useI18n()
  // A dry run: called directly rather than as an action, so it does not revalidate every read.
  const [preview, { refetch }] = createResource(
    () => props.imports + 1,
    async () => ok(await rpc.integration["client-mapping"].preview.$post()),
  )
  const [job, setJob] = createSignal<string>()
  const [skipped, setSkipped] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const offered = () =>
    preview.error || job() || skipped() ? undefined : preview.latest?.available ? preview.latest : undefined
  const clients = createAsync(() => listClientMappings())
  const clientIds = createMemo(() => clients()?.map((entry) => entry.client.id) ?? [], [], {
    equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  })
  const entryOf = (id: string) => clients()?.find((entry) => entry.client.id === id)
  const auto = useAction(mapClientsAutomatically)
  const skip = useAction(skipClientMapping)
  const refreshTable = () => void revalidate(listClientMappings.key)
  const onYes = async () => {
    setError(undefined)
    try {
      setJob((await auto()).id)
    } catch (refusal) {
      setError(refusal)
    }
  }
  const onNo = async () => {
    setError(undefined)
    try {
      await skip()
      setSkipped(true)
      void refetch()
      props.onChanged()
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <section class="panel" aria-labelledby="client-mapping">
      <h2 id="client-mapping">{t("setup.clients.title")}</h2>
      <p class="muted">{t("setup.clients.intro")}</p>
      <FormAlert error={error() ?? preview.error} />
      <Show when={offered()}>
        {(shown) => (
          <>
            <p>{t("setup.clients.question")}</p>
            <Outcomes report={shown()} done={false} />
            <div class="actions">
              <button type="button" class="button primary" onClick={onYes}>
                {t("setup.clients.yes")}
              </button>
              <button type="button" class="button" onClick={onNo}>
                {t("setup.clients.no")}
              </button>
            </div>
          </>
        )}
      </Show>
      <Show when={skipped()}>
        <p role="status">{t("setup.clients.skipped")}</p>
      </Show>
      <Show when={job()} keyed>
        {(id) => (
          <JobProgress
            jobId={id}
            title={t("setup.clients.jobTitle")}
            succeeded={() => t("setup.clients.finished")}
            onDone={() => {
              void refetch()
              refreshTable()
              props.onChanged()
            }}
          >
            {() => (
              <Show when={preview.latest && !preview.latest.available ? preview.latest : undefined}>
                {(report) => (
                  <section class="panel" aria-label={t("setup.clients.report")}>
                    <h3>{t("setup.clients.report")}</h3>
                    <p class="muted">{t("setup.clients.reportSent")}</p>
                    <Outcomes report={report()} done={true} />
                  </section>
                )}
              </Show>
            )}
          </JobProgress>
        )}
      </Show>
      <h3>{t("setup.clients.manual")}</h3>
      <Show when={(clients()?.length ?? 0) > 0} fallback={<p class="muted">{t("setup.clients.none")}</p>}>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t("setup.clients.manual")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("setup.clients.client")}</th>
                <th scope="col">{t("setup.clients.account")}</th>
                <th scope="col">
                  <span class="visually-hidden">{t("setup.clients.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {/* Rows keyed by client: a refreshed table keeps the row an admin is typing in. */}
              <For each={clientIds()}>
                {(id) => (
                  <Show when={entryOf(id)}>
                    {(entry) => <ManualRow entry={entry()} onChanged={refreshTable} />}
                  </Show>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  )
}
