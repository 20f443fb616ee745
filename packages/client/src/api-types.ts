/**
 * The API's own types the client is built on. In the workspace they come from the API's code, so the
 * client cannot drift from it; the published package carries them printed out as plain types
 * (`scripts/build.ts`), so installing it needs nothing of the workspace.
 */
export type { ApiRoutes } from "@app/api"
export type { EventType, OutboundEvent } from "@app/core/external"
