// The audit log of the integration (SPEC §4: every change of state, visible to admins), newest first.
import { createAsync } from "@solidjs/router"
import { For, Show } from "solid-js"
import { listAudit } from "../../../api/queries"
import { useI18n } from "../../../i18n"
import { auditActor, auditSentence } from "../audit-sentence"

export function AuditLog() {
  const { t, formatDate } = useI18n()
  const entries = createAsync(() => listAudit())
  return (
    <section class="panel" aria-labelledby="audit-log">
      <h2 id="audit-log">{t("setup.audit.title")}</h2>
      <Show when={(entries()?.length ?? 0) > 0} fallback={<p class="muted">{t("setup.audit.empty")}</p>}>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t("setup.audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("setup.audit.when")}</th>
                <th scope="col">{t("setup.audit.who")}</th>
                <th scope="col">{t("setup.audit.what")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={entries()}>
                {(entry) => (
                  <tr>
                    <td>{formatDate(entry.at, true)}</td>
                    <td>{auditActor(entry, t)}</td>
                    <th scope="row">{auditSentence(entry, t)}</th>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  )
}
