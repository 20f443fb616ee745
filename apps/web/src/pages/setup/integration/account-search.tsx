// Picks a CRM account by searching its name. Accounts can share a name, so each result also shows its
// owner, its website or phone, and the end of its id: the admin can tell them apart.
import { createResource, createSignal, For, onCleanup, Show } from "solid-js"
import { ok, rpc } from "../../../api/client"
import { listAssignableUsers } from "../../../api/queries"
import type { CrmRecord, User } from "../../../api/types"
import { useI18n } from "../../../i18n"

const debounceMs = 250

export function AccountSearch(props: {
  /** The accessible name of the search box. */
  readonly label: string
  readonly onPick: (account: { id: string; name: string }) => void
  /** `ref` of the search box, for a caller that opens the search and moves focus into it. */
  readonly inputRef?: (element: HTMLInputElement) => void
  /** Escape in the search box: the caller closes the search. */
  readonly onCancel?: () => void
}) {
  const { t } = useI18n()
  const [term, setTerm] = createSignal("")
  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(() => clearTimeout(timer))
  const [results] = createResource(
    () => term().trim() || undefined,
    async (search) => (await ok(await rpc.accounts.$get({ query: { search, limit: "10" } }))).items,
  )
  // Owners' names only help tell accounts apart: without them the other details still do.
  const [users, setUsers] = createSignal<ReadonlyArray<User>>([])
  listAssignableUsers().then(setUsers, () => undefined)
  const ownerName = (record: CrmRecord) => {
    const id = record.values.owner
    return users()?.find((u) => u.id === id)?.name ?? ""
  }
  const detail = (record: CrmRecord) =>
    [
      ownerName(record) && t("setup.clients.owner", { name: ownerName(record) }),
      typeof record.values.website === "string" ? record.values.website : "",
      typeof record.values.phone === "string" ? record.values.phone : "",
      t("setup.clients.idEnd", { id: record.id.slice(-6) }),
    ]
      .filter(Boolean)
      .join(" · ")
  return (
    <div class="account-search">
      <input
        ref={(element) => props.inputRef?.(element)}
        type="search"
        aria-label={props.label}
        onKeyDown={(event) => {
          if (event.key === "Escape" && props.onCancel) {
            event.preventDefault()
            props.onCancel()
          }
        }}
        placeholder={t("setup.clients.searchPlaceholder")}
        onInput={(event) => {
          const value = event.currentTarget.value
          clearTimeout(timer)
          timer = setTimeout(() => setTerm(value), debounceMs)
        }}
      />
      <Show when={term().trim() ? results() : undefined}>
        {(found) => (
          <Show when={found().length > 0} fallback={<p class="muted">{t("setup.clients.noMatch")}</p>}>
            <ul class="account-results" aria-label={t("setup.clients.results", { label: props.label })}>
              <For each={found()}>
                {(record) => (
                  <li>
                    <button
                      type="button"
                      class="button ghost"
                      onClick={() => props.onPick({ id: record.id, name: record.name })}
                    >
                      <strong>{record.name}</strong> <span class="muted">{detail(record)}</span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </div>
  )
}
