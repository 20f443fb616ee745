// Setup › API tokens: create with scopes and an optional expiry (the secret is shown once, with a
// copy button), list with scopes, expiry and rate limit, revoke.
import { createAsync, useAction, useSubmission } from "@solidjs/router"
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js"
import { createToken, revokeToken, TOKEN_SCOPES } from "../../api/actions"
import { listTokens } from "../../api/queries"
import type { ApiToken } from "../../api/types"
import { ConfirmButton } from "../../components/confirm-button"
import { CopyButton } from "../../components/copy-button"
import { FormAlert, fieldError } from "../../components/form-alert"
import { PageHeader } from "../../components/page-header"
import { TextField } from "../../components/text-field"
import { useI18n } from "../../i18n"

function TokenRow(props: { readonly token: ApiToken }) {
  const { t, formatDate } = useI18n()
  const revoke = useAction(revokeToken)
  const [pending, setPending] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  const onRevoke = async () => {
    setPending(true)
    setError(undefined)
    try {
      await revoke(props.token)
    } catch (refusal) {
      setError(refusal)
    } finally {
      setPending(false)
    }
  }
  return (
    <tr>
      <th scope="row">
        {props.token.name}
        <Show when={props.token.prefix}>
          {" "}
          <code class="muted">{props.token.prefix}</code>
        </Show>
      </th>
      <td>
        <ul class="plain-list">
          <For each={props.token.scopes}>{(scope) => <li>{t(`tokens.scope.${scope}`)}</li>}</For>
        </ul>
      </td>
      <td>{props.token.expiresAt ? formatDate(props.token.expiresAt, true) : t("tokens.noExpiry")}</td>
      <td>{t("tokens.perMinute", { n: String(props.token.rateLimitPerMinute) })}</td>
      <td>{formatDate(props.token.createdAt, true)}</td>
      <td>{props.token.lastUsedAt ? formatDate(props.token.lastUsedAt, true) : t("tokens.never")}</td>
      <td>
        <ConfirmButton
          label={t("tokens.revoke")}
          ariaLabel={t("tokens.revokeLabel", { name: props.token.name })}
          question={t("tokens.confirmRevoke", { name: props.token.name })}
          pending={pending()}
          onConfirm={onRevoke}
        />
        <FormAlert error={error()} />
      </td>
    </tr>
  )
}

export function TokensPage() {
  const { t } = useI18n()
  const tokens = createAsync(() => listTokens())
  const created = useSubmission(createToken)
  const revoked = useSubmission(revokeToken)
  let form: HTMLFormElement | undefined
  createEffect(
    on(
      () => created.result,
      (result) => result && form?.reset(),
      { defer: true },
    ),
  )
  // The secret stays on screen only while this page is open.
  onCleanup(() => created.clear())
  const active = () => (tokens() ?? []).filter((token) => !token.revokedAt)
  return (
    <>
      <PageHeader title={t("tokens.title")} breadcrumb={t("nav.setup")}>
        <p class="muted">{t("tokens.intro")}</p>
      </PageHeader>
      <section class="panel" aria-labelledby="create-token">
        <h2 id="create-token" class="visually-hidden">
          {t("tokens.create")}
        </h2>
        <form ref={form} action={createToken} method="post" noValidate class="inline-form">
          <FormAlert error={created.error} fields={["name", "expiresAt"]} />
          <TextField
            name="name"
            label={t("tokens.name")}
            required
            error={fieldError(created.error, "name")}
          />
          <fieldset>
            <legend>{t("tokens.scopes")}</legend>
            <p class="muted">{t("tokens.scopesHint")}</p>
            <For each={TOKEN_SCOPES}>
              {(scope) => (
                <div class="field checkbox">
                  <label for={`scope-${scope}`}>{t(`tokens.scope.${scope}`)}</label>
                  <input id={`scope-${scope}`} type="checkbox" name="scopes" value={scope} />
                </div>
              )}
            </For>
          </fieldset>
          <TextField
            name="expiresOn"
            type="date"
            label={t("tokens.expiresOn")}
            error={fieldError(created.error, "expiresAt")}
          />
          <button type="submit" class="button primary" disabled={created.pending}>
            {created.pending ? t("common.creating") : t("tokens.create")}
          </button>
        </form>
        <Show when={created.result}>
          {(token) => (
            <div class="secret" role="status">
              <p>
                <strong>{t("tokens.createdTitle", { name: token().name })}</strong>
              </p>
              <p>{t("tokens.shownOnce")}</p>
              <label for="new-token-value">{t("tokens.value")}</label>
              <div class="secret-row">
                <input
                  id="new-token-value"
                  readOnly
                  value={token().token}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton text={token().token} />
              </div>
            </div>
          )}
        </Show>
      </section>
      <section aria-labelledby="tokens-list">
        <h2 id="tokens-list">{t("tokens.list")}</h2>
        <Show when={revoked.result}>
          {(token) => (
            <p role="status" class="notice">
              {t("tokens.revoked", { name: token().name })}
            </p>
          )}
        </Show>
        <Show when={active().length > 0} fallback={<p class="muted">{t("tokens.empty")}</p>}>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("tokens.name")}</th>
                  <th scope="col">{t("tokens.scopes")}</th>
                  <th scope="col">{t("tokens.expires")}</th>
                  <th scope="col">{t("tokens.rateLimit")}</th>
                  <th scope="col">{t("tokens.createdAt")}</th>
                  <th scope="col">{t("tokens.lastUsed")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t("tokens.revoke")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={active()}>{(token) => <TokenRow token={token} />}</For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
    </>
  )
}
