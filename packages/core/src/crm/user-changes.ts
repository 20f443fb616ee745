/**
 * The hook other areas use to react when a user is created, moved to another profile or reactivated
 * (the integration transfers such users to the Projects portal). Handlers run inside the transaction
 * of the user write, so a durable follow-up (a job row) commits or rolls back with it.
 */
import { Effect } from "effect"
import type { DatabaseError } from "../persistence/index.js"
import type { ProfileId, User } from "./model.js"

export type UserChange =
  | { readonly _tag: "UserCreated"; readonly user: User }
  | { readonly _tag: "UserReprofiled"; readonly user: User; readonly previousProfileId: ProfileId }
  | { readonly _tag: "UserReactivated"; readonly user: User }

export type UserChangeHandler = (change: UserChange) => Effect.Effect<void, DatabaseError>

export class UserChanges extends Effect.Service<UserChanges>()("@app/core/crm/UserChanges", {
  sync: () => {
    const handlers: Array<UserChangeHandler> = []
    /** Adds a handler for every later user change; call it while building your layer. */
    const subscribe = (handler: UserChangeHandler) => Effect.sync(() => void handlers.push(handler))
    const publish = Effect.fn("UserChanges.publish")(function* (change: UserChange) {
      for (const handler of handlers) yield* handler(change)
    })
    return { subscribe, publish } as const
  },
}) {}
