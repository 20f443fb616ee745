/**
 * The Projects emulator domain (SPEC §5, projects-api.md): an in-memory, deterministic stand-in for the
 * Projects service, used by `apps/mock-projects` over HTTP and usable in-process. No HTTP in here.
 */

export * from "./control-api.js"
export { Emulator } from "./emulator.js"
export * from "./errors.js"
export { globToRegExp } from "./faults.js"
export { applyPortalChanges } from "./mid-read-changes.js"
export type * from "./model.js"
export { emptyState, ROLES, WEBHOOK_EVENTS } from "./model.js"
export { DEFAULT_NAMESPACE, EmulatorRegistry, type RegistryOptions } from "./registry.js"
export { parseSeedOptions, type SeedOptions, seed } from "./seed.js"
export { ProjectsEmulator } from "./service.js"
export type {
  AuthorizationRequest,
  Caller,
  Credentials,
  Op,
  Query,
  RateInfo,
  ScopeModule,
} from "./state.js"
export { ACCESS_TOKEN_TTL_S, ALL_SCOPES, WEBHOOK_BACKOFF_MS } from "./state.js"
export { DEFAULT_PER_PAGE, MAX_PER_PAGE } from "./validation.js"
export type { Json } from "./views.js"
export type { LogTarget } from "./work/time-logs.js"
