/**
 * The extension point of GET /me: contributors (the integration) add tabs and fill in project
 * permissions for the signed-in actor. Each gets what the previous ones produced.
 */
import type { Actor, CurrentActor } from "@app/core/crm"
import { Effect } from "effect"
import type { CoreError } from "./problem.js"
import type { ApiServices } from "./runtime.js"

export interface ProjectPermissions {
  readonly tab: boolean
  readonly view: boolean
  readonly create: boolean
  readonly edit: boolean
  readonly delete: boolean
}

export interface MeExtras {
  readonly visibleTabs: ReadonlyArray<string>
  readonly projectPermissions: ProjectPermissions | null
}

export type MeContributor = (
  actor: Actor,
  current: MeExtras,
) => Effect.Effect<MeExtras, CoreError, ApiServices | CurrentActor>

/** What the CRM host alone shows: its three modules, and Setup for administrators. */
export const hostTabs = (actor: Actor): MeExtras => ({
  visibleTabs: ["deals", "accounts", "contacts", ...(actor.isAdmin ? ["setup"] : [])],
  projectPermissions: null,
})

export const meExtras = (contributors: ReadonlyArray<MeContributor>, actor: Actor) =>
  Effect.reduce(contributors, hostTabs(actor), (current, contribute) => contribute(actor, current))
