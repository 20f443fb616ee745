/**
 * Runs a core effect for a request on the app's runtime, as the request's actor. A typed failure
 * is thrown as `CoreFailure` for `onError` to turn into problem+json; a defect is thrown as is.
 */
import { CurrentActor, Unauthenticated } from "@app/core/crm"
import { Cause, Effect, type Context as EffectContext, Exit, Option } from "effect"
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

const known = new WeakMap<object, Map<string, unknown>>()

/**
 * A service of the app's runtime that an earlier effect yielded (see `remembered`), for the request
 * path's synchronous first steps (a cached actor, a rate-limit decision): undefined until then.
 */
export const knownService = <I, S>(c: Context<ApiEnv>, tag: EffectContext.Tag<I, S>): S | undefined =>
  known.get(c.var.runtime)?.get(tag.key) as S | undefined

/** `tag`'s service, kept for `knownService` on this runtime. */
export const remembered = <I, S>(c: Context<ApiEnv>, tag: EffectContext.Tag<I, S>) =>
  Effect.tap(tag, (service) =>
    Effect.sync(() => {
      const services = known.get(c.var.runtime) ?? new Map<string, unknown>()
      services.set(tag.key, service)
      known.set(c.var.runtime, services)
    }),
  )
