// Writes of the console: router `action`s. Each throws `ApiError` on refusal (shown at the field by
// the form that submitted it) and lets the router revalidate the reads afterwards.
import { action, redirect, reload } from "@solidjs/router"
import type { ClientResponse } from "hono/client"
import { csrf, done, ok, rpc } from "./client"
import { getIntegration, getSession, listAudit } from "./queries"
import { getSyncHealth } from "./sync-runs"
import {
  type ApiToken,
  type ChosenPortal,
  type FieldValue,
  fieldTypes,
  isModuleName,
  type ModuleName,
  type PermissionSet,
  type PortalSummary,
} from "./types"

const text = (form: FormData, name: string): string => {
  const value = form.get(name)
  return typeof value === "string" ? value : ""
}

/** Only same-origin paths are followed after sign-in (no open redirect through `?next=`). */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/deals"
}

export const signIn = action(async (form: FormData) => {
  const session = await ok(
    await rpc.session.$post({
      json: { email: text(form, "email").trim(), password: text(form, "password") },
    }),
  )
  csrf.set(session.csrfToken)
  throw redirect(safeNext(text(form, "next")))
}, "signIn")

export const signOut = action(async () => {
  try {
    await done(await rpc.session.$delete())
  } finally {
    csrf.set(undefined)
    // A full load drops every cached read of the signed-out user.
    globalThis.location.assign("/sign-in")
  }
}, "signOut")

export interface SaveRecordInput {
  readonly module: ModuleName
  /** Absent when creating. */
  readonly id?: string
  readonly values: Readonly<Record<string, FieldValue>>
}

export const saveRecord = action(async (input: SaveRecordInput) => {
  const json = { values: { ...input.values } }
  const saved = input.id
    ? await ok(await rpc[input.module][":id"].$patch({ param: { id: input.id }, json }))
    : await ok(await rpc[input.module].$post({ json }))
  throw redirect(`/${input.module}/${saved.id}`)
}, "saveRecord")

export const deleteRecord = action(async (module: ModuleName, id: string) => {
  await done(await rpc[module][":id"].$delete({ param: { id } }))
  throw redirect(`/${module}`)
}, "deleteRecord")

export const createField = action(async (module: ModuleName, form: FormData) => {
  const type = fieldTypes.find((t) => t === text(form, "type")) ?? "text"
  const options = text(form, "options")
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean)
  const lookupModule = text(form, "lookupModule")
  return ok(
    await rpc.metadata[":module"].fields.$post({
      param: { module },
      json: {
        label: text(form, "label"),
        type,
        required: form.get("required") === "on",
        ...(type === "picklist" ? { options } : {}),
        ...(type === "lookup" && isModuleName(lookupModule) ? { lookupModule } : {}),
      },
    }),
  )
}, "createField")

export const createUser = action(async (form: FormData) => {
  return ok(
    await rpc.users.$post({
      json: {
        name: text(form, "name"),
        email: text(form, "email"),
        password: text(form, "password"),
        profileId: text(form, "profileId"),
      },
    }),
  )
}, "createUser")

export const updateUser = action(
  async (id: string, patch: { readonly profileId?: string; readonly active?: boolean }) =>
    ok(await rpc.users[":id"].$patch({ param: { id }, json: { ...patch } })),
  "updateUser",
)

export const createProfile = action(async (form: FormData) => {
  const description = text(form, "description").trim()
  return ok(
    await rpc.profiles.$post({ json: { name: text(form, "name"), ...(description ? { description } : {}) } }),
  )
}, "createProfile")

export const TOKEN_SCOPES = [
  "projects:read",
  "projects:write",
  "records:read",
  "records:write",
  "integration:admin",
  "events:read",
] as const

/** The scopes ticked on the form (none ticked: the server's default, every scope); an optional expiry day. */
export const createToken = action(async (form: FormData) => {
  const ticked = form.getAll("scopes").map(String)
  const scopes = TOKEN_SCOPES.filter((scope) => ticked.includes(scope))
  const expires = text(form, "expiresOn").trim()
  return ok(
    await rpc.tokens.$post({
      json: {
        name: text(form, "name"),
        ...(scopes.length > 0 ? { scopes } : {}),
        // The end of the chosen day, in the browser's time zone.
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
      },
    }),
  )
}, "createToken")

export const revokeToken = action(async (token: ApiToken) => {
  await done(await rpc.tokens[":id"].$delete({ param: { id: token.id } }))
  return token
}, "revokeToken")

/** Get Started (SPEC §4.1): administrators only; the server refuses others. */
export const enableIntegration = action(
  async () => ok(await rpc.integration.enable.$post()),
  "enableIntegration",
)

// These two routes also answer a hand-built problem+json (a half-given key), which hono types as a
// body-less response; success is still the schema'd JSON, and `ok` turns any refusal into ApiError.
const jsonOf = <T>(response: ClientResponse<unknown, number, string>): Promise<T> =>
  ok(response as ClientResponse<T, number, "json">)

/** A service key as the form gave it; absent fields mean "the OAuth connection". */
export interface KeySource {
  readonly email: string
  readonly key: string
}

/** Another user's portal: the portals their service key reaches (nothing stored). */
export const lookupPortals = action(
  async (source: KeySource) =>
    (await ok(await rpc.integration.portals.lookup.$post({ json: { email: source.email, key: source.key } })))
      .items,
  "lookupPortals",
)

export const createPortal = action(
  async (name: string, source: KeySource | undefined) =>
    jsonOf<PortalSummary>(await rpc.integration.portals.$post({ json: { name, ...(source ?? {}) } })),
  "createPortal",
)

/** Save: the integration becomes active and the import job starts. */
export const choosePortal = action(
  async (portalId: string, source: KeySource | undefined) =>
    jsonOf<ChosenPortal>(await rpc.integration.portal.$put({ json: { portalId, ...(source ?? {}) } })),
  "choosePortal",
)

export const updateServiceKey = action(
  async (source: KeySource) => ok(await rpc.integration.key.$put({ json: { ...source } })),
  "updateServiceKey",
)

export const deactivateIntegration = action(async () => {
  await ok(await rpc.integration.deactivate.$post())
  // Only what says the state: the setup steps still on screen would re-read their data (field
  // mapping, client mappings) and be refused as deactivated before the new state takes them away.
  return reload({ revalidate: [getIntegration.key, getSession.key, listAudit.key, getSyncHealth.key] })
}, "deactivateIntegration")

export const previewPermissions = action(
  async (entries: ReadonlyArray<PermissionEntry>) =>
    ok(await rpc.integration.permissions.preview.$post({ json: { entries: [...entries] } })),
  "previewPermissions",
)

export const savePermissions = action(
  async (entries: ReadonlyArray<PermissionEntry>) =>
    ok(await rpc.integration.permissions.$put({ json: { entries: [...entries] } })),
  "savePermissions",
)

export type PermissionEntry = { readonly profileId: string } & PermissionSet

export interface FieldMappingLineInput {
  readonly projectField: string
  readonly dealsField: string | null
  readonly accountsField: string | null
}

/** Map Now › Done: replaces the whole field mapping. */
export const saveFieldMapping = action(
  async (entries: ReadonlyArray<FieldMappingLineInput>) =>
    ok(await rpc.integration["field-mappings"].$put({ json: { entries: [...entries] } })),
  "saveFieldMapping",
)

export const mapClientsAutomatically = action(
  async () => ok(await rpc.integration["client-mapping"].auto.$post()),
  "mapClientsAutomatically",
)

/** The signed-in user's language, kept by the API for the mail it writes to them. */
export async function saveLocale(locale: "en" | "fr"): Promise<void> {
  await done(await rpc.me.locale.$put({ json: { locale } }))
}

export const skipClientMapping = action(
  async () => ok(await rpc.integration["client-mapping"].skip.$post()),
  "skipClientMapping",
)

export const mapClient = action(
  async (clientId: string, accountId: string) =>
    ok(
      await rpc.integration["client-mappings"][":clientId"].$put({
        param: { clientId },
        json: { accountId },
      }),
    ),
  "mapClient",
)

export const unmapClient = action(
  async (clientId: string) =>
    ok(await rpc.integration["client-mappings"][":clientId"].$delete({ param: { clientId } })),
  "unmapClient",
)

export interface SaveProjectInput {
  /** Absent when creating. */
  readonly id?: string
  readonly values: Readonly<Record<string, unknown>>
  readonly dealId?: string
  readonly accountId?: string
}

export const saveProject = action(async (input: SaveProjectInput) => {
  const json = {
    values: { ...input.values },
    ...(input.dealId ? { dealId: input.dealId } : {}),
    ...(input.accountId ? { accountId: input.accountId } : {}),
  }
  const saved = input.id
    ? await ok(await rpc.projects[":id"].$patch({ param: { id: input.id }, json }))
    : await ok(await rpc.projects.$post({ json }))
  throw redirect(`/projects/${saved.id}`)
}, "saveProject")

export const deleteProject = action(async (id: string) => {
  await done(await rpc.projects[":id"].$delete({ param: { id } }))
  throw redirect("/projects")
}, "deleteProject")

export const EVENT_TYPES = [
  "project.created",
  "project.updated",
  "project.deleted",
  "integration.status_changed",
  "sync.finished",
  "client_mapping.finished",
] as const

/** Registers an endpoint for the ticked event types (none ticked: every type). */
export const createEventEndpoint = action(async (form: FormData) => {
  const ticked = form.getAll("eventTypes").map(String)
  return ok(
    await rpc["event-endpoints"].$post({
      json: { url: text(form, "url"), eventTypes: EVENT_TYPES.filter((type) => ticked.includes(type)) },
    }),
  )
}, "createEventEndpoint")

export const redeliverEvent = action(async (deliveryId: string) => {
  return ok(await rpc["event-deliveries"][":id"].redeliver.$post({ param: { id: deliveryId } }))
}, "redeliverEvent")
