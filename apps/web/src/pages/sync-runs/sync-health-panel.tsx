// Sync health on the setup page: the webhook subscription's last delivery, the last pass and how it
// ended, the items it could not copy and why, and when the next scheduled reconcile is due.
import { A, createAsync } from "@solidjs/router"
import { For, Show } from "solid-js"
import { getSyncHealth } from "../../api/sync-runs"
import { ErrorPanel } from "../../components/error-panel"
import { useI18n } from "../../i18n"
import { entityLabel, statusLabel, triggerLabel } from "./labels"

export function SyncHealthPanel() {
  const { t, formatDate } = useI18n()
  const health = createAsync(() => getSyncHealth().catch((error: unknown) => ({ error })))
  return (
    <section class="panel" aria-labelledby="sync-health">
      <h2 id="sync-health">{t("health.title")}</h2>
      <Show when={health()} fallback={<p>{t("app.loading")}</p>}>
        {(loaded) => {
          const value = loaded()
          if ("error" in value) return <ErrorPanel error={value.error} />
          return (
            <>
              <dl class="details">
                <div>
                  <dt>{t("health.webhook")}</dt>
                  <dd>
                    {!value.webhook.subscribed
                      ? t("health.webhookNone")
                      : value.webhook.lastDeliveryAt
                        ? t("health.webhookLast", { at: formatDate(value.webhook.lastDeliveryAt, true) })
                        : t("health.webhookNever")}
                  </dd>
                </div>
                <div>
                  <dt>{t("health.lastPass")}</dt>
                  <dd>
                    <Show when={value.lastPass} fallback={t("common.none")}>
                      {(pass) => (
                        <A href={`/setup/sync-runs/${pass().id}`}>
                          {t("health.pass", {
                            number: pass().number,
                            trigger: triggerLabel(pass().trigger, t),
                            status: statusLabel(pass(), t),
                            at: formatDate(pass().endedAt ?? pass().startedAt, true),
                          })}
                        </A>
                      )}
                    </Show>
                  </dd>
                </div>
                <div>
                  <dt>{t("health.next")}</dt>
                  <dd>
                    {value.nextReconcileAt
                      ? t("health.nextAt", {
                          at: formatDate(value.nextReconcileAt, true),
                          minutes: value.reconcileEveryMinutes,
                        })
                      : t("common.none")}
                  </dd>
                </div>
                <div>
                  <dt>{t("health.failing")}</dt>
                  <dd>
                    {value.failing.length === 0 ? t("health.failingNone") : String(value.failing.length)}
                  </dd>
                </div>
              </dl>
              <Show when={value.failing.length > 0}>
                <ul>
                  <For each={value.failing}>
                    {(item) => (
                      <li>
                        {t("health.failingItem", {
                          kind: entityLabel(item.entity, t),
                          key: item.key,
                          reason: item.reason ?? "",
                        })}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <p>
                <A href="/setup/sync-runs">{t("health.allRuns")}</A>
              </p>
            </>
          )
        }}
      </Show>
    </section>
  )
}
