// The items of the portal the last sync pass could not copy (the pass went on with the others): which
// project, client or user, and why, in the chosen language. Shown beside the integration status.
import { For, Show } from "solid-js"
import type { IntegrationStatus } from "../../../api/types"
import { useI18n } from "../../../i18n"

type Failures = NonNullable<IntegrationStatus["syncFailures"]>

export function SyncFailures(props: { readonly failures: Failures }) {
  const { t, formatDate } = useI18n()
  const hidden = () => props.failures.count - props.failures.items.length
  return (
    <Show when={props.failures.count > 0}>
      <section class="sync-failures" aria-labelledby="sync-failures-title">
        <h3 id="sync-failures-title">
          {t("setup.syncFailures.title", {
            count: props.failures.count,
            date: formatDate(props.failures.at),
          })}
        </h3>
        <p class="muted">{t("setup.syncFailures.intro")}</p>
        <ul>
          <For each={props.failures.items}>
            {(item) => (
              <li>
                {t(`setup.syncFailures.list.${item.list}`, {
                  name: item.name ?? t("setup.syncFailures.unnamed"),
                  id: item.id,
                })}
                {" — "}
                {t(`setup.syncFailures.reason.${item.reason}`)}
              </li>
            )}
          </For>
        </ul>
        <Show when={hidden() > 0}>
          <p class="muted">{t("setup.syncFailures.more", { count: hidden() })}</p>
        </Show>
      </section>
    </Show>
  )
}
