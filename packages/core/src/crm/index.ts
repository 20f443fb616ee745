/**
 * The CRM host (SPEC §3): organizations, users, profiles, sessions, API tokens, field metadata and
 * records. `CrmLive` provides every service; it needs a `Database`.
 */
import { Layer } from "effect"
import { ApiTokens } from "./api-tokens.js"
import { Metadata } from "./metadata.js"
import { Organizations } from "./organizations.js"
import { Profiles } from "./profiles.js"
import { Records } from "./records.js"
import { Sessions } from "./sessions.js"
import { TokenActors } from "./token-actors.js"
import { UserChanges } from "./user-changes.js"
import { Users } from "./users.js"

export * from "./actor.js"
export { ApiToken, ApiTokens, type NewApiToken, TOKEN_PREFIX } from "./api-tokens.js"
export { DEMO_ADMIN_EMAIL, DEMO_ORGANIZATION, type DemoSeedResult, loadDemoSeed } from "./demo-seed.js"
export * from "./errors.js"
export { Metadata, type NewField } from "./metadata.js"
export * from "./model.js"
export { normalizeAccountName } from "./normalize-name.js"
export { type NewOrganization, Organizations } from "./organizations.js"
export { type NewProfile, Profiles } from "./profiles.js"
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type RecordPage,
  type RecordQuery,
  RecordSort,
  Records,
} from "./records.js"
export {
  type ResolvedSession,
  SESSION_IDLE_MS,
  Sessions,
  type SignedIn,
  type SignIn,
  THROTTLE_MAX_FAILURES,
  THROTTLE_WINDOW_MS,
} from "./sessions.js"
export { signIn, whoAmI } from "./sign-in.js"
export { TokenActors } from "./token-actors.js"
export * from "./token-scopes.js"
export { type UserChange, type UserChangeHandler, UserChanges } from "./user-changes.js"
export { type NewUser, type UserPatch, Users } from "./users.js"

/**
 * Every CRM service over one shared `UserChanges`, which stays in the output so other layers
 * (the integration) can subscribe to the same instance.
 */
export const CrmLive = Layer.mergeAll(
  Organizations.Default,
  Users.Default,
  Profiles.Default,
  Sessions.Default,
  ApiTokens.Default,
  Metadata.Default,
  Records.Default,
  TokenActors.Default.pipe(Layer.provide(ApiTokens.Default)),
).pipe(Layer.provideMerge(UserChanges.Default))
