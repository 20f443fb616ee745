/**
 * @module Idempotency keys on writes: a POST, PATCH or DELETE carrying `Idempotency-Key` runs once
 * per key and user for 24 hours. A repeat with the same method, path and body gets the first answer
 * again (`Idempotent-Replayed: true`); while the first still runs, 409; another request under the key,
 * 422. A 5xx answer is not kept: the key is released and a retry runs again, which project creates
 * survive through their portal-side dedupe. Answers marked `no-store` (a new token's secret) are
 * sealed at rest.
 */
import { createHash, randomUUID } from "node:crypto"
import { IDEMPOTENCY_HEADER, IdempotencyKeys, type StoredAnswer } from "@app/core/external"
import { Secrets } from "@app/core/secrets"
import { Duration, Effect, Fiber, Redacted, Schedule } from "effect"
import { createMiddleware } from "hono/factory"
import type { ApiEnv } from "../env.js"
import { runPublic } from "../http/run-effect.js"

const WRITE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"])
const KEPT_HEADERS = ["content-type", "location", "cache-control"] as const
const SEALED = "sealed:"

export interface IdempotencyOptions {
  /** How long a running request holds its key without renewing it (a crashed process's key frees then). */
  readonly lease?: Duration.DurationInput
}

const requestHash = (method: string, path: string, body: ArrayBuffer) =>
  createHash("sha256").update(`${method}\n${path}\n`).update(new Uint8Array(body)).digest("base64url")

export const idempotency = (options: IdempotencyOptions = {}) => {
  const leaseMs = Duration.toMillis(options.lease ?? "30 seconds")
  return createMiddleware<ApiEnv>(async function idempotentWrite(c, next) {
    const key = c.req.header(IDEMPOTENCY_HEADER)
    const actor = c.var.actor
    if (key === undefined || actor === undefined || !WRITE_METHODS.has(c.req.method)) return next()
    const request = {
      organizationId: actor.organizationId,
      userId: actor.userId,
      key,
      requestHash: requestHash(c.req.method, c.req.path, await c.req.arrayBuffer()),
    }
    const owner = randomUUID()
    const begun = await runPublic(
      c,
      Effect.flatMap(IdempotencyKeys, (keys) => keys.begin(request, owner, leaseMs)),
    )
    if (begun._tag === "Replay") {
      const body = begun.body.startsWith(SEALED)
        ? Redacted.value(
            await runPublic(
              c,
              Effect.flatMap(Secrets, (s) =>
                s.decrypt(begun.body.slice(SEALED.length), `idempotency:${key}`),
              ),
            ),
          )
        : begun.body
      return new Response(begun.status === 204 || begun.status === 304 ? null : body, {
        status: begun.status,
        headers: { ...begun.headers, "Idempotent-Replayed": "true" },
      })
    }
    const renewing = c.var.runtime.runFork(
      Effect.flatMap(IdempotencyKeys, (keys) => keys.renew(begun.id, owner, leaseMs)).pipe(
        Effect.repeat({ schedule: Schedule.spaced(Duration.millis(leaseMs / 3)), while: (held) => held }),
        Effect.delay(Duration.millis(leaseMs / 3)),
      ),
    )
    c.set("idempotencyKey", `${actor.userId}:${key}`)
    try {
      await next()
    } finally {
      await c.var.runtime.runPromise(Fiber.interrupt(renewing))
    }
    const response = c.res
    // Not bound to the client's connection: a client that hung up still gets its answer on retry.
    await c.var.runtime.runPromise(
      Effect.gen(function* () {
        const keys = yield* IdempotencyKeys
        if (response.status >= 500) return yield* keys.release(begun.id, owner)
        const headers: Record<string, string> = {}
        for (const name of KEPT_HEADERS) {
          const value = response.headers.get(name)
          if (value !== null) headers[name] = value
        }
        const text = yield* Effect.promise(() => response.clone().text())
        const body = headers["cache-control"]?.includes("no-store")
          ? `${SEALED}${yield* (yield* Secrets).encrypt(Redacted.make(text), `idempotency:${key}`)}`
          : text
        const answer: StoredAnswer = { status: response.status, headers, body }
        yield* keys.complete(begun.id, owner, answer)
      }).pipe(Effect.orDie),
    )
  })
}
