// Writes of the console: router `action`s. Each throws `ApiError` on refusal (shown at the field by
// the form that submitted it) and lets the router revalidate the reads afterwards.
import { action, redirect } from "@solidjs/router"
import { api, csrf } from "./client"
import type {
  ApiToken,
  CreatedApiToken,
  CrmRecord,
  FieldValue,
  IntegrationStatus,
  ModuleName,
  Profile,
  User,
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
  const session = await api.post<{ readonly csrfToken?: string }>("/session", {
    email: text(form, "email").trim(),
    password: text(form, "password"),
  })
  csrf.set(session.csrfToken)
  throw redirect(safeNext(text(form, "next")))
}, "signIn")

export const signOut = action(async () => {
  try {
    await api.delete("/session")
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
  const saved = input.id
    ? await api.patch<CrmRecord>(`/${input.module}/${input.id}`, { values: input.values })
    : await api.post<CrmRecord>(`/${input.module}`, { values: input.values })
  throw redirect(`/${input.module}/${saved.id}`)
}, "saveRecord")

export const deleteRecord = action(async (module: ModuleName, id: string) => {
  await api.delete(`/${module}/${id}`)
  throw redirect(`/${module}`)
}, "deleteRecord")

export const createUser = action(async (form: FormData) => {
  return api.post<User>("/users", {
    name: text(form, "name").trim(),
    email: text(form, "email").trim(),
    password: text(form, "password"),
    profileId: text(form, "profileId"),
  })
}, "createUser")

export const updateUser = action(
  async (id: string, patch: { readonly profileId?: string; readonly active?: boolean }) =>
    api.patch<User>(`/users/${id}`, patch),
  "updateUser",
)

export const createProfile = action(async (form: FormData) => {
  return api.post<Profile>("/profiles", {
    name: text(form, "name").trim(),
    description: text(form, "description").trim(),
  })
}, "createProfile")

export const createToken = action(async (form: FormData) => {
  return api.post<CreatedApiToken>("/tokens", { name: text(form, "name").trim() })
}, "createToken")

export const revokeToken = action(async (token: ApiToken) => {
  await api.delete(`/tokens/${token.id}`)
  return token
}, "revokeToken")

export const enableIntegration = action(
  async () => api.post<IntegrationStatus>("/integration/enable"),
  "enableIntegration",
)
