/**
 * What every request needs (its actor, the integration's state, the profile's permissions) kept in
 * process, per organization. Triggers on the tables they come from NOTIFY the organization's id on
 * `request_context` at commit, so every process sharing the database drops what changed at once.
 * Nothing is trusted while notifications are down, nor inside a transaction (it must read its own
 * writes); an entry also expires after `ttl`, which bounds what a missed message could cost.
 */
import { Clock, Duration, Effect } from "effect"
import { Database } from "./database.js"

export const REQUEST_CONTEXT_CHANNEL = "request_context"

export interface OrganizationCache<V> {
  /**
   * The value cached under `key`, else `load`'s, kept when its organization (`organizationOf`) has not
   * changed while it loaded.
   */
  readonly get: <E, R>(
    key: string,
    load: Effect.Effect<V, E, R>,
    organizationOf: (value: V) => string,
  ) => Effect.Effect<V, E, R>
  /**
   * The value cached under `key` if it may be trusted at `now` (outside a transaction: the caller
   * says so by calling this at all), without running an effect: the request path's first step.
   */
  readonly peek: (key: string, now: number) => V | undefined
}

interface Entry<V> {
  readonly organizationId: string
  readonly value: V
  readonly expiresAt: number
}

export const makeOrganizationCache = <V>(options: {
  readonly ttl: Duration.DurationInput
  readonly capacity?: number
}) =>
  Effect.gen(function* () {
    const database = yield* Database
    const ttl = Duration.toMillis(options.ttl)
    const capacity = options.capacity ?? 10_000
    const entries = new Map<string, Entry<V>>()
    const keysOf = new Map<string, Set<string>>()
    // A load started before the latest change of its organization (or a gap) must not be kept.
    let sequence = 0
    let lastGap = 0
    const changedAt = new Map<string, number>()

    const remove = (key: string) => {
      const entry = entries.get(key)
      if (entry === undefined) return
      entries.delete(key)
      keysOf.get(entry.organizationId)?.delete(key)
    }

    const invalidate = (organizationId: string) => {
      changedAt.set(organizationId, ++sequence)
      for (const key of keysOf.get(organizationId) ?? []) entries.delete(key)
      keysOf.delete(organizationId)
    }

    yield* database.notifications.subscribe(REQUEST_CONTEXT_CHANNEL, {
      onMessage: invalidate,
      onGap: () => {
        lastGap = ++sequence
        entries.clear()
        keysOf.clear()
      },
    })

    const store = (key: string, organizationId: string, value: V, expiresAt: number) => {
      remove(key)
      if (entries.size >= capacity) {
        const oldest = entries.keys().next()
        if (!oldest.done) remove(oldest.value)
      }
      entries.set(key, { organizationId, value, expiresAt })
      const keys = keysOf.get(organizationId) ?? new Set<string>()
      keys.add(key)
      keysOf.set(organizationId, keys)
    }

    const get = <E, R>(key: string, load: Effect.Effect<V, E, R>, organizationOf: (value: V) => string) =>
      Effect.gen(function* () {
        if ((yield* database.inTransaction) || !database.notifications.live()) return yield* load
        const now = yield* Clock.currentTimeMillis
        const cached = entries.get(key)
        if (cached !== undefined && cached.expiresAt > now) return cached.value
        const started = sequence
        const value = yield* load
        const organizationId = organizationOf(value)
        if (lastGap <= started && (changedAt.get(organizationId) ?? 0) <= started) {
          store(key, organizationId, value, now + ttl)
        }
        return value
      })

    const peek = (key: string, now: number) => {
      if (!database.notifications.live()) return undefined
      const cached = entries.get(key)
      return cached !== undefined && cached.expiresAt > now ? cached.value : undefined
    }

    return { get, peek } satisfies OrganizationCache<V>
  })
