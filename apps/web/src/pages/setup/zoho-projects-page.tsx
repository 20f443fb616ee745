// Setup › Marketplace › Zoho › Zoho Projects: the integration page (seed: "Enable"). It shows the
// integration status from `GET /integration`; `Get Started` enables it (admins only); then the setup
// steps: portal configuration, permissions, the service-key update, deactivation and the audit log.
import { createAsync, revalidate, useAction, useSubmission } from "@solidjs/router"
import { createSignal, Show } from "solid-js"
import { deactivateIntegration, enableIntegration } from "../../api/actions"
import { getIntegration, getSession, listAudit, listClientMappings } from "../../api/queries"
import type { IntegrationState } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { ConfirmButton } from "../../components/confirm-button"
import { FormAlert } from "../../components/form-alert"
import { IntegrationBanner } from "../../components/integration-banner"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"
import { SyncHealthPanel } from "../sync-runs/sync-health-panel"
import { AuditLog } from "./integration/audit-log"
import { ClientMappingStep } from "./integration/client-mapping-step"
import { FieldMappingStep } from "./integration/field-mapping-step"
import { ImportCounts } from "./integration/import-counts"
import { JobProgress } from "./integration/job-progress"
import { PermissionsMatrix } from "./integration/permissions-matrix"
import { PortalSetup } from "./integration/portal-setup"
import { ServiceKeyForm } from "./integration/service-key-form"
import { SyncFailures } from "./integration/sync-failures"

const canStart: ReadonlyArray<IntegrationState> = ["not_enabled", "deactivated"]
const canDeactivate: ReadonlyArray<IntegrationState> = [
  "setting_up",
  "active",
  "key_invalid",
  "trial_expired",
]

export function ZohoProjectsPage() {
  const { t, formatDate } = useI18n()
  const me = useMe()
  const integration = createAsync(() => getIntegration())
  const enable = useAction(enableIntegration)
  const enabling = useSubmission(enableIntegration)
  const [error, setError] = createSignal<unknown>()
  const status = (): IntegrationState => integration()?.status ?? "not_enabled"
  const available = () => integration() !== undefined
  const deactivate = useAction(deactivateIntegration)
  const deactivating = useSubmission(deactivateIntegration)
  const [job, setJob] = createSignal<string>()
  const admin = () => me().profile.isAdmin
  // The state, the navigation (Projects tab) and the audit log all change when a job ends.
  const refresh = () => revalidate([getIntegration.key, getSession.key, listAudit.key])
  // The client-mapping preview and table read what the import brought: they wait for it.
  const [imports, setImports] = createSignal(0)
  const onImported = () => {
    setImports((n) => n + 1)
    void revalidate([getIntegration.key, getSession.key, listAudit.key, listClientMappings.key])
  }
  const onDeactivate = async () => {
    setError(undefined)
    setJob(undefined)
    try {
      await deactivate()
    } catch (refusal) {
      setError(refusal)
    }
  }
  const onGetStarted = async () => {
    setError(undefined)
    try {
      await enable()
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <>
      <PageHeader title={t("integration.title")} breadcrumb={t("integration.breadcrumb")}>
        <p class="muted">{t("integration.intro")}</p>
      </PageHeader>
      <Show when={integration()}>
        {(current) => <IntegrationBanner integration={current()} place="setup" />}
      </Show>
      <section class="panel integration-status" aria-labelledby="integration-status">
        <h2 id="integration-status">{t("integration.status")}</h2>
        <p>
          <span class={`badge status-${status()}`} role="status">
            {t(`integration.status.${status()}`)}
          </span>
        </p>
        <Show when={!available()}>
          <p class="muted">{t("integration.unavailable")}</p>
        </Show>
        {/* The key-invalid and trial-over states have their banner above. */}
        <Show when={available() && !["active", "key_invalid", "trial_expired"].includes(status())}>
          <p>{t(`integration.message.${status()}`)}</p>
        </Show>
        <Show when={integration()?.portal}>
          {(portal) => (
            <p>
              {t("integration.portal")}: <strong>{portal().name}</strong>
            </p>
          )}
        </Show>
        <Show when={integration()?.trial}>
          {(trial) => (
            <p>
              {trial().expired
                ? t("integration.trialEnded", { date: formatDate(trial().endsAt) })
                : t("integration.trialEnds", { date: formatDate(trial().endsAt), days: trial().daysLeft })}
            </p>
          )}
        </Show>
        {/* Not a <Show> with an accessor: the failures turn null when the integration is deactivated,
            and a child reading a stale accessor throws. */}
        <SyncFailures failures={integration()?.syncFailures ?? null} />
        <FormAlert error={error()} />
        <Show when={canStart.includes(status())}>
          <Show when={me().profile.isAdmin} fallback={<p class="muted">{t("integration.adminOnly")}</p>}>
            <button
              type="button"
              class="button primary"
              disabled={!available() || enabling.pending}
              onClick={onGetStarted}
            >
              {enabling.pending ? t("integration.enabling") : t("integration.getStarted")}
            </button>
          </Show>
        </Show>
        <Show when={admin() && canDeactivate.includes(status())}>
          <ConfirmButton
            label={t("setup.deactivate")}
            question={t("setup.deactivateQuestion")}
            pending={deactivating.pending}
            pendingLabel={t("setup.deactivating")}
            onConfirm={onDeactivate}
          />
        </Show>
      </section>
      <Show when={job()} keyed>
        {(id) => (
          <JobProgress jobId={id} title={t("setup.import.title")} onDone={onImported}>
            {(finished) => <ImportCounts result={finished.result} />}
          </JobProgress>
        )}
      </Show>
      <Show when={admin()}>
        <Show when={status() === "setting_up"}>
          <PortalSetup
            oauthEmail={
              integration()?.credential?.kind === "oauth" ? integration()?.credential?.email : undefined
            }
            onSaved={(id) => {
              setJob(id)
              void refresh()
            }}
          />
        </Show>
        <Show when={status() === "key_invalid"}>
          <ServiceKeyForm
            email={integration()?.credential?.email}
            onSaved={(id) => {
              setJob(id)
              void refresh()
            }}
          />
        </Show>
        <Show when={status() === "active"}>
          <SyncHealthPanel />
          <FieldMappingStep configured={integration()?.steps.fieldMapping ?? false} />
          <PermissionsMatrix configured={integration()?.steps.permissions ?? false} />
          <Show when={!job() || imports() > 0}>
            <ClientMappingStep imports={imports()} onChanged={() => void refresh()} />
          </Show>
        </Show>
        <Show when={available() && status() !== "not_enabled"}>
          <AuditLog />
        </Show>
      </Show>
    </>
  )
}
