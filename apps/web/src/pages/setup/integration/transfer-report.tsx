// The report of one user transfer run (seed: users transferred as Employee, users already in the portal
// keep their role): who was added, who was already there with which role, who was refused and why.
import { createResource, For, Show } from "solid-js"
import { ok, rpc } from "../../../api/client"
import { FormAlert } from "../../../components/form-alert"
import { useI18n } from "../../../i18n"
import { portalRoleWord } from "../../../i18n/portal-role"

export function TransferReport(props: { readonly runId: string }) {
  const { t } = useI18n()
  const [report] = createResource(
    () => props.runId,
    async (id) => ok(await rpc.integration["user-transfers"][":id"].$get({ param: { id } })),
  )
  const items = (outcome: "transferred" | "already_present" | "failed") =>
    (report()?.items ?? []).filter((item) => item.outcome === outcome)
  return (
    <section class="transfer-report" aria-label={t("setup.transfer.report")}>
      <FormAlert error={report.error} />
      <Show when={report()}>
        {(shown) => (
          <>
            <h4>{t("setup.transfer.report")}</h4>
            <p>
              {t("setup.transfer.counts", {
                transferred: shown().run.counts.transferred,
                alreadyPresent: shown().run.counts.alreadyPresent,
                failed: shown().run.counts.failed,
              })}
            </p>
            <Show when={items("transferred").length > 0}>
              <h5>{t("setup.transfer.transferred")}</h5>
              <ul>
                <For each={items("transferred")}>
                  {(item) => (
                    <li translate="no">
                      {item.name} ({item.email})
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={items("already_present").length > 0}>
              <h5>{t("setup.transfer.alreadyPresent")}</h5>
              <ul>
                <For each={items("already_present")}>
                  {(item) => (
                    <li>
                      {t("setup.transfer.withRole", {
                        name: item.name,
                        email: item.email,
                        role: portalRoleWord(item.role, t),
                      })}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={items("failed").length > 0}>
              <h5>{t("setup.transfer.failed")}</h5>
              <ul>
                <For each={items("failed")}>
                  {(item) => (
                    <li>
                      <span translate="no">
                        {item.name} ({item.email})
                      </span>{" "}
                      — {t("setup.transfer.refusedByPortal")}
                      <Show when={item.reason}>
                        {(reason) => (
                          <>
                            {" "}
                            <q translate="no">{reason()}</q>
                          </>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}
