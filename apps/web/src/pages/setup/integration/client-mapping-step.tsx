// Client mapping (seed: "Yes Map matching records" / "No Skip"): the dry-run preview listing which
// clients would be mapped and why the others would not, the one-time automatic run (a job), and
// the manual mapping table, always available.
import { createAsync, useAction } from "@solidjs/router"
import { createResource, createSignal, For, Show } from "solid-js"
import { mapClient, mapClientsAutomatically, skipClientMapping, unmapClient } from "../../../api/actions"
import { ok, rpc } from "../../../api/client"
import { listClientMappings, listLookupOptions } from "../../../api/queries"
import type { ClientMappingEntry, ClientMappingPreview } from "../../../api/types"
import { FormAlert } from "../../../components/form-alert"
import { useI18n } from "../../../i18n"
import { JobProgress } from "./job-progress"

type Unmapped = ClientMappingPreview["unmapped"][number]

function ManualRow(props: {
  readonly entry: ClientMappingEntry
  readonly accounts: ReadonlyArray<{ id: string; name: string }>
}) {
  const { t } = useI18n()
  const map = useAction(mapClient)
  const unmap = useAction(unmapClient)
  const [error, setError] = createSignal<unknown>()
  const run = async (write: () => Promise<unknown>) => {
    setError(undefined)
    try {
      await write()
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <tr>
      <th scope="row">{props.entry.client.name}</th>
      <td>
        <select
          aria-label={t("setup.clients.accountFor", { client: props.entry.client.name })}
          value={props.entry.account?.id ?? ""}
          onChange={(event) => {
            const accountId = event.currentTarget.value
            if (accountId) void run(() => map(props.entry.client.id, accountId))
          }}
        >
          <option value="">{t("common.noneOption")}</option>
          <For each={props.accounts}>{(account) => <option value={account.id}>{account.name}</option>}</For>
        </select>
        <FormAlert error={error()} />
      </td>
      <td>
        <Show when={props.entry.account}>
          <button
            type="button"
            class="button ghost"
            aria-label={t("setup.clients.unmapLabel", { client: props.entry.client.name })}
            onClick={() => void run(() => unmap(props.entry.client.id))}
          >
            {t("setup.clients.unmap")}
          </button>
        </Show>
      </td>
    </tr>
  )
}

export function ClientMappingStep(props: { readonly onChanged: () => void }) {
  const { t } = useI18n()
  // A dry run: called directly rather than as an action, so it does not revalidate every read.
  const [preview, { refetch }] = createResource(async () =>
    ok(await rpc.integration["client-mapping"].preview.$post()),
  )
  const offered = () =>
    preview.error || job() ? undefined : preview.latest?.available ? preview.latest : undefined
  const clients = createAsync(() => listClientMappings())
  const accountRecords = createAsync(() => listLookupOptions("accounts"))
  const accounts = () =>
    (accountRecords() ?? []).map((record) => ({
      id: record.id,
      name: String(record.values.name ?? record.id),
    }))
  const auto = useAction(mapClientsAutomatically)
  const skip = useAction(skipClientMapping)
  const [job, setJob] = createSignal<string>()
  const [skipped, setSkipped] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const reason = (entry: Unmapped) =>
    entry.reason === "several_accounts"
      ? t("setup.clients.reason.several_accounts", { count: entry.matchCount })
      : entry.reason === "account_taken"
        ? t("setup.clients.reason.account_taken", { client: entry.heldBy?.name ?? "" })
        : t("setup.clients.reason.no_account")
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
            <h3>{t("setup.clients.willMap", { count: shown().mapped.length })}</h3>
            <ul>
              <For each={shown().mapped}>
                {(entry) => (
                  <li>
                    {entry.client.name} → {entry.account.name}
                  </li>
                )}
              </For>
            </ul>
            <h3>{t("setup.clients.wontMap", { count: shown().unmapped.length })}</h3>
            <ul>
              <For each={shown().unmapped}>
                {(entry) => (
                  <li>
                    {entry.client.name}: {reason(entry)}
                  </li>
                )}
              </For>
            </ul>
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
      <Show when={job()}>
        {(id) => (
          <JobProgress
            jobId={id()}
            title={t("setup.clients.jobTitle")}
            succeeded={() => t("setup.clients.finished")}
            onDone={() => {
              void refetch()
              props.onChanged()
            }}
          />
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
                  <span class="visually-hidden">{t("setup.clients.unmap")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={clients()}>{(entry) => <ManualRow entry={entry} accounts={accounts()} />}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  )
}
