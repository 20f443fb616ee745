// Step 1, portal configuration (seed: "Portal Name", "Use another user's portal(s)", "Create New
// Portal"): find a portal with the admin's own Projects account (OAuth) or another user's service key,
// or create one, then Save, which starts the import.
import { useAction, useSearchParams, useSubmission } from "@solidjs/router"
import { createResource, createSignal, Show } from "solid-js"
import { choosePortal, createPortal, type KeySource, lookupPortals } from "../../../api/actions"
import { ok, rpc } from "../../../api/client"
import type { PortalSummary } from "../../../api/types"
import { FormAlert, fieldError } from "../../../components/form-alert"
import { TextField } from "../../../components/text-field"
import { useI18n } from "../../../i18n"
import { PortalSelect } from "./portal-select"

const text = (form: FormData, name: string): string => {
  const value = form.get(name)
  return typeof value === "string" ? value.trim() : ""
}

const firstOf = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value

const CONNECT_ERRORS = ["expired", "denied", "refused"] as const

export function PortalSetup(props: {
  /** Email of the Projects account connected with OAuth, if any. */
  readonly oauthEmail: string | undefined
  readonly onSaved: (jobId: string) => void
}) {
  const { t } = useI18n()
  const [params] = useSearchParams()
  const connected = () => firstOf(params.connected) ?? props.oauthEmail
  // Only known codes are shown, translated: text in the URL is never repeated on the page.
  const connectError = (): (typeof CONNECT_ERRORS)[number] | "other" | undefined => {
    const code = firstOf(params.error)
    if (code === undefined) return undefined
    return CONNECT_ERRORS.find((known) => known === code) ?? "other"
  }

  const [ownPortals, { mutate: setOwnPortals }] = createResource(connected, async () => [
    ...(await ok(await rpc.integration.portals.$get())).items,
  ])
  const [ownChoice, setOwnChoice] = createSignal("")

  const [keySource, setKeySource] = createSignal<KeySource>()
  const [keyPortals, setKeyPortals] = createSignal<ReadonlyArray<PortalSummary>>()
  const [keyChoice, setKeyChoice] = createSignal("")

  const [created, setCreated] = createSignal<PortalSummary>()
  const [lookupError, setLookupError] = createSignal<unknown>()
  const [createError, setCreateError] = createSignal<unknown>()
  const [saveError, setSaveError] = createSignal<unknown>()

  const lookup = useAction(lookupPortals)
  const looking = useSubmission(lookupPortals)
  const create = useAction(createPortal)
  const creating = useSubmission(createPortal)
  const save = useAction(choosePortal)
  const saving = useSubmission(choosePortal)

  const onLookup = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const source = { email: text(form, "email"), key: text(form, "key") }
    setLookupError(undefined)
    try {
      setKeyPortals(await lookup(source))
      setKeySource(source)
    } catch (refusal) {
      setLookupError(refusal)
    }
  }

  const onCreate = async (event: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setCreateError(undefined)
    try {
      const source = keySource()
      const portal = await create(text(form, "name"), source)
      setCreated(portal)
      if (source) {
        setKeyPortals((list) => [...(list ?? []), portal])
        setKeyChoice(portal.id)
      } else {
        setOwnPortals((list) => [...(list ?? []), portal])
        setOwnChoice(portal.id)
      }
    } catch (refusal) {
      setCreateError(refusal)
    }
  }

  const onSave = async (portalId: string, source: KeySource | undefined) => {
    setSaveError(undefined)
    try {
      const saved = await save(portalId, source)
      props.onSaved(saved.importJob.id)
    } catch (refusal) {
      setSaveError(refusal)
    }
  }

  return (
    <section class="panel" aria-labelledby="portal-setup">
      <h2 id="portal-setup">{t("setup.portal.title")}</h2>
      <FormAlert error={saveError()} fields={["portalId"]} />

      <section aria-labelledby="portal-own">
        <h3 id="portal-own">{t("setup.portal.own")}</h3>
        <Show when={connectError()}>
          {(reason) => (
            <p class="form-alert" role="alert">
              {t(`setup.portal.connectError.${reason()}`)}
            </p>
          )}
        </Show>
        <Show
          when={connected()}
          fallback={
            <a class="button" href="/api/v1/integration/oauth/start" rel="external">
              {t("setup.portal.connect")}
            </a>
          }
        >
          {(email) => (
            <>
              <p>{t("setup.portal.connected", { email: email() })}</p>
              <FormAlert error={ownPortals.error} />
              <Show when={ownPortals.error ? undefined : ownPortals.latest}>
                {(portals) => (
                  <Show
                    when={portals().length > 0}
                    fallback={<p class="muted">{t("setup.portal.noPortals")}</p>}
                  >
                    <PortalSelect
                      portals={portals()}
                      value={ownChoice()}
                      onChange={setOwnChoice}
                      error={fieldError(saveError(), "portalId")}
                    />
                    <button
                      type="button"
                      class="button primary"
                      disabled={!ownChoice() || saving.pending}
                      onClick={() => onSave(ownChoice(), undefined)}
                    >
                      {saving.pending ? t("common.saving") : t("common.save")}
                    </button>
                  </Show>
                )}
              </Show>
            </>
          )}
        </Show>
      </section>

      <section aria-labelledby="portal-other">
        <h3 id="portal-other">{t("setup.portal.other")}</h3>
        <p class="muted">{t("setup.portal.otherHint")}</p>
        <form onSubmit={onLookup}>
          <TextField
            name="email"
            type="email"
            label={t("setup.portal.email")}
            required
            error={fieldError(lookupError(), "email")}
          />
          <TextField
            name="key"
            type="password"
            autocomplete="off"
            label={t("setup.portal.key")}
            required
            error={fieldError(lookupError(), "key")}
          />
          <FormAlert error={lookupError()} fields={["email", "key"]} />
          <button type="submit" class="button" disabled={looking.pending}>
            {looking.pending ? t("setup.portal.lookingUp") : t("setup.portal.lookup")}
          </button>
        </form>
        <Show when={keyPortals()}>
          {(portals) => (
            <Show when={portals().length > 0} fallback={<p class="muted">{t("setup.portal.noPortals")}</p>}>
              <PortalSelect
                portals={portals()}
                value={keyChoice()}
                onChange={setKeyChoice}
                error={fieldError(saveError(), "portalId")}
              />
              <button
                type="button"
                class="button primary"
                disabled={!keyChoice() || saving.pending}
                onClick={() => onSave(keyChoice(), keySource())}
              >
                {saving.pending ? t("common.saving") : t("common.save")}
              </button>
            </Show>
          )}
        </Show>
      </section>

      <section aria-labelledby="portal-create">
        <h3 id="portal-create">{t("setup.portal.create")}</h3>
        <p class="muted">{t("setup.portal.createHint")}</p>
        <form onSubmit={onCreate}>
          <TextField
            name="name"
            label={t("setup.portal.newName")}
            required
            error={fieldError(createError(), "name")}
          />
          <FormAlert error={createError()} fields={["name"]} />
          <button type="submit" class="button" disabled={creating.pending}>
            {creating.pending ? t("common.creating") : t("common.create")}
          </button>
        </form>
        <Show when={created()}>
          {(portal) => <p role="status">{t("setup.portal.created", { name: portal().name })}</p>}
        </Show>
      </section>
    </section>
  )
}
