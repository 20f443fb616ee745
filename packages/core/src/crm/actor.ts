/**
 * Who is acting: the one user in one organization a session, an API token or a system job resolves
 * to. Core services read it from the context so permissions hold for jobs as well as HTTP.
 */
import { Context, Effect } from "effect"
import { NotAdministrator } from "./errors.js"
import type { OrganizationId, ProfileId, UserId } from "./model.js"
import type { TokenScope } from "./token-scopes.js"

export interface Actor {
  readonly userId: UserId
  readonly organizationId: OrganizationId
  readonly profileId: ProfileId
  readonly isAdmin: boolean
  readonly email: string
  readonly name: string
  readonly via: "session" | "token" | "system"
  /** Set when the actor came from an API token: what it may do and how often. */
  readonly token?: ActorToken
}

export interface ActorToken {
  readonly id: string
  readonly scopes: ReadonlyArray<TokenScope>
  readonly rateLimitPerMinute: number
  /** Checked on every request too: a resolved actor may be served from a cache past this instant. */
  readonly expiresAt: Date | null
}

export class CurrentActor extends Context.Tag("@app/core/crm/CurrentActor")<CurrentActor, Actor>() {}

/** Fails with NotAdministrator unless the current actor has the Administrator privileges. */
export const requireAdmin = (action: string) =>
  Effect.flatMap(CurrentActor, (actor) =>
    actor.isAdmin ? Effect.succeed(actor) : Effect.fail(new NotAdministrator({ action })),
  )

/** Runs `self` as `actor` (jobs, seeds and tests act as a known user). */
export const actingAs =
  (actor: Actor) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, CurrentActor>> =>
    Effect.provideService(self, CurrentActor, actor)
