/**
 * Runs a core effect for a request on the app's runtime, as the request's actor. A typed failure
 * is thrown as `CoreFailure` for `onError` to turn into problem+json; a defect is thrown as is.
 */
import { CurrentActor, Unauthenticated } from "@app/core/crm"
import { Cause, Effect, Exit, Option } from "effect"
import type { Context } from "hono"
import type { ApiEnv } from "../env.js"
import type { CoreError } from "./problem.js"
import type { ApiServices } from "./runtime.js"

export class CoreFailure extends Error {
  constructor(readonly error: CoreError) {
    super(error._tag)
    this.name = "CoreFailure"
  }
}

export class Defect extends Error {
  constructor(readonly failure: Cause.Cause<unknown>) {
    super("defect")
    this.name = "Defect"
  }
}

const run = async <A>(c: Context<ApiEnv>, effect: Effect.Effect<A, CoreError, ApiServices>): Promise<A> => {
  const exit = await c.var.runtime.runPromiseExit(effect, { signal: c.req.raw.signal })
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw new CoreFailure(failure.value)
  throw new Defect(exit.cause)
}

/** Runs `effect` as the signed-in actor; 401 when the request carries no valid credentials. */
export const runEffect = <A>(
  c: Context<ApiEnv>,
  effect: Effect.Effect<A, CoreError, ApiServices | CurrentActor>,
): Promise<A> => {
  const actor = c.var.actor
  if (actor === undefined) throw new CoreFailure(new Unauthenticated({ reason: c.var.authFailure }))
  return run(c, Effect.provideService(effect, CurrentActor, actor))
}

/** Runs an effect that needs no actor (sign-in, sign-out). */
export const runPublic = <A>(c: Context<ApiEnv>, effect: Effect.Effect<A, CoreError, ApiServices>) =>
  run(c, effect)
