// Setup › Events: administrators register endpoints for outbound events (the signing secret is shown
// once), read each endpoint's delivery log with the endpoint's answers, and redeliver one.
import { createAsync, useAction, useSubmission } from "@solidjs/router"
import { createSignal, For, onCleanup, Show } from "solid-js"
import { createEventEndpoint, EVENT_TYPES, redeliverEvent } from "../../api/actions"
import { listEventDeliveries, listEventEndpoints } from "../../api/queries"
import type { EventDelivery, EventEndpoint } from "../../api/types"
import { CopyButton } from "../../components/copy-button"
import { FormAlert, fieldError } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { TextField } from "../../components/text-field"
import { useI18n } from "../../i18n"
import { AdminOnly } from "./admin-only"

function DeliveryRow(props: {
  readonly delivery: EventDelivery
  readonly queued: boolean
  readonly onQueued: (id: string) => void
}) {
  const { t, formatDate } = useI18n()
  const redeliver = useAction(redeliverEvent)
  const [error, setError] = createSignal<unknown>()
  const last = () => props.delivery.attempts.at(-1)
  const onRedeliver = async () => {
    setError(undefined)
    try {
      await redeliver(props.delivery.id)
      props.onQueued(props.delivery.id)
    } catch (refusal) {
      setError(refusal)
    }
  }
  return (
    <tr>
      <th scope="row">{t(`events.type.${props.delivery.event.type}`)}</th>
      <td>{formatDate(props.delivery.createdAt, true)}</td>
      <td>{t(`events.status.${props.delivery.status}`)}</td>
      <td>{t("events.attempts", { n: String(props.delivery.attempts.length) })}</td>
      <td>
        <Show when={last()} fallback={t("events.noAnswer")}>
          {(attempt) => (
            <Show when={attempt().status !== null} fallback={attempt().error}>
              {t("events.answered", { status: String(attempt().status) })}
            </Show>
          )}
        </Show>
      </td>
      <td>
        <button type="button" class="button" onClick={onRedeliver}>
          {t("events.redeliver")}
        </button>
        <Show when={props.queued}>
          <span role="status"> {t("events.redeliveryQueued")}</span>
        </Show>
        <FormAlert error={error()} />
      </td>
    </tr>
  )
}

interface PanelState {
  readonly open: ReadonlySet<string>
  readonly queued: ReadonlySet<string>
}

function EndpointPanel(props: {
  readonly endpoint: EventEndpoint
  readonly state: PanelState
  readonly setState: (next: PanelState) => void
}) {
  const { t } = useI18n()
  const open = () => props.state.open.has(props.endpoint.id)
  const setOpen = (value: boolean) => {
    const next = new Set(props.state.open)
    if (value) next.add(props.endpoint.id)
    else next.delete(props.endpoint.id)
    props.setState({ ...props.state, open: next })
  }
  const queued = () => props.state.queued
  const deliveries = createAsync(() =>
    open() ? listEventDeliveries(props.endpoint.id) : Promise.resolve([]),
  )
  return (
    <li class="panel">
      <p>
        <strong>{props.endpoint.url}</strong>
      </p>
      <p class="muted">
        <Show when={props.endpoint.eventTypes.length > 0} fallback={t("events.allTypes")}>
          {props.endpoint.eventTypes.map((type) => t(`events.type.${type}`)).join(", ")}
        </Show>
      </p>
      <button type="button" class="button" aria-expanded={open()} onClick={() => setOpen(!open())}>
        {t("events.deliveries")}
      </button>
      <Show when={open()}>
        <Show
          when={(deliveries() ?? []).length > 0}
          fallback={<p class="muted">{t("events.noDeliveries")}</p>}
        >
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                {t("events.deliveriesOf", { url: props.endpoint.url })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("events.event")}</th>
                  <th scope="col">{t("events.when")}</th>
                  <th scope="col">{t("events.status")}</th>
                  <th scope="col">{t("events.attemptsTitle")}</th>
                  <th scope="col">{t("events.lastAnswer")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t("events.redeliver")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={deliveries()}>
                  {(delivery) => (
                    <DeliveryRow
                      delivery={delivery}
                      queued={queued().has(delivery.id)}
                      onQueued={(id) =>
                        props.setState({ ...props.state, queued: new Set([...queued(), id]) })
                      }
                    />
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </li>
  )
}

export function EventsPage() {
  const { t } = useI18n()
  const endpoints = createAsync(() => listEventEndpoints())
  // Kept above the panels: the reads run again after every action, which renders the panels anew.
  const [state, setState] = createSignal<PanelState>({ open: new Set(), queued: new Set() })
  const created = useSubmission(createEventEndpoint)
  // The secret stays on screen only while this page is open.
  onCleanup(() => created.clear())
  return (
    <AdminOnly title={t("events.title")}>
      <PageHeader title={t("events.title")} breadcrumb={t("nav.setup")}>
        <p class="muted">{t("events.intro")}</p>
      </PageHeader>
      <section class="panel" aria-labelledby="new-endpoint">
        <h2 id="new-endpoint">{t("events.register")}</h2>
        <form action={createEventEndpoint} method="post" noValidate>
          <FormAlert error={created.error} fields={["url", "eventTypes"]} />
          <TextField name="url" label={t("events.url")} required error={fieldError(created.error, "url")} />
          <fieldset>
            <legend>{t("events.types")}</legend>
            <p class="muted">{t("events.typesHint")}</p>
            <For each={EVENT_TYPES}>
              {(type) => (
                <div class="field checkbox">
                  <label for={`event-${type}`}>{t(`events.type.${type}`)}</label>
                  <input id={`event-${type}`} type="checkbox" name="eventTypes" value={type} />
                </div>
              )}
            </For>
          </fieldset>
          <button type="submit" class="button primary" disabled={created.pending}>
            {t("events.register")}
          </button>
        </form>
        <Show when={created.result}>
          {(endpoint) => (
            <div class="secret" role="status">
              <p>{t("events.secretShownOnce")}</p>
              <label for="endpoint-secret">{t("events.secret")}</label>
              <div class="secret-row">
                <input id="endpoint-secret" readOnly value={endpoint().secret} />
                <CopyButton text={endpoint().secret} />
              </div>
            </div>
          )}
        </Show>
      </section>
      <section aria-labelledby="endpoints">
        <h2 id="endpoints">{t("events.endpoints")}</h2>
        <Show when={(endpoints() ?? []).length > 0} fallback={<p class="muted">{t("events.noEndpoints")}</p>}>
          <ul class="plain-list">
            <For each={endpoints()}>
              {(endpoint) => <EndpointPanel endpoint={endpoint} state={state()} setState={setState} />}
            </For>
          </ul>
        </Show>
      </section>
    </AdminOnly>
  )
}
