/**
 * Signing in as a person does it: a session for the password, the browser's previous session ended,
 * and who they now are (user and profile); and the signed-in user's own view of themselves.
 */
import { Effect, type Redacted } from "effect"
import { actingAs, CurrentActor } from "./actor.js"
import { Organizations } from "./organizations.js"
import { Profiles } from "./profiles.js"
import { Sessions, type SignIn } from "./sessions.js"
import { Users } from "./users.js"

/** The signed-in actor's user, profile and organization. */
export const whoAmI = Effect.fn("SignIn.whoAmI")(function* () {
  const actor = yield* CurrentActor
  const user = yield* Effect.flatMap(Users, (users) => users.get(actor.userId))
  const profile = yield* Effect.flatMap(Profiles, (profiles) => profiles.get(actor.profileId))
  const organization = yield* Effect.flatMap(Organizations, (organizations) =>
    organizations.get(actor.organizationId),
  )
  return { actor, user, profile, organization }
})

/** Signs in; signing in again replaces the browser's session rather than leaving the old one open. */
export const signIn = Effect.fn("SignIn.signIn")(function* (
  input: SignIn,
  previousSession: Redacted.Redacted<string> | undefined,
) {
  const sessions = yield* Sessions
  const result = yield* sessions.signIn(input)
  if (previousSession !== undefined) yield* sessions.signOut(previousSession)
  const users = yield* Users
  const profiles = yield* Profiles
  const user = yield* users.get(result.actor.userId).pipe(actingAs(result.actor))
  const profile = yield* profiles.get(result.actor.profileId).pipe(actingAs(result.actor))
  return { ...result, user, profile }
})
