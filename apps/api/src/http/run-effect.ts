/**
 * Runs a core effect for a request on the app's runtime, as the request's actor. A typed failure
 * is thrown as `CoreFailure` for `onError` to turn into problem+json; a defect is thrown as is.
 */

import { EventEmitter } from "node:events"
import { CurrentActor, Unauthenticated } from "@app/core/crm"
import { Cause, Effect, type Context as EffectContext, Exit, FiberId, Option } from "effect"
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

/** The Node response under the request, when served by @hono/node-server (not in `app.request()`). */
const nodeResponse = (c: Context<ApiEnv>): EventEmitter | undefined => {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing
  return outgoing instanceof EventEmitter ? outgoing : undefined
}

/**
 * Runs `effect`, interrupted if the client goes away first. Over a socket that is a listener on the
 * response's `close`: reading `c.req.raw.signal` would build a full Request and an AbortSignal per
 * request, a measurable share of a short read's time.
 */
const exitOf = <A>(c: Context<ApiEnv>, effect: Effect.Effect<A, CoreError, ApiServices>) => {
  const outgoing = nodeResponse(c)
  if (outgoing === undefined) return c.var.runtime.runPromiseExit(effect, { signal: c.req.raw.signal })
  return new Promise<Exit.Exit<A, CoreError>>((resolve) => {
    const fiber = c.var.runtime.runFork(effect)
    const interrupt = () => fiber.unsafeInterruptAsFork(FiberId.none)
    outgoing.once("close", interrupt)
    fiber.addObserver((exit) => {
      outgoing.off("close", interrupt)
      resolve(exit)
    })
  })
}

const run = async <A>(c: Context<ApiEnv>, effect: Effect.Effect<A, CoreError, ApiServices>): Promise<A> => {
  const exit = await exitOf(c, effect)
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
