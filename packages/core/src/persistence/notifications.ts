/**
 * PostgreSQL LISTEN/NOTIFY for the processes sharing one database: what lets a cache in one API
 * process drop what another changed, and a job runner wake when a job is queued. On a server, one
 * dedicated connection listens (a pooled one would lose its LISTEN when returned); PGlite delivers
 * its own notifications in process.
 */
import type { PGlite } from "@electric-sql/pglite"
import { Deferred, Effect, Exit, Schedule } from "effect"
import pg from "pg"

export interface NotificationHandler {
  readonly onMessage: (payload: string) => void
  /**
   * Messages may have been missed (the listening connection was lost, or has just been opened):
   * whatever the handler keeps must be treated as changed.
   */
  readonly onGap: () => void
}

export interface Notifications {
  /** Calls `handler` for each notification on `channel` while the database layer is open. */
  readonly subscribe: (channel: string, handler: NotificationHandler) => Effect.Effect<void>
  /** Whether notifications arrive now; while they do not, nothing may trust them to say what changed. */
  readonly live: () => boolean
}

const quote = (channel: string) => `"${channel.replaceAll('"', '""')}"`

export const pgliteNotifications = (client: PGlite): Notifications => ({
  subscribe: (channel, handler) =>
    Effect.promise(() => client.listen(channel, handler.onMessage)).pipe(
      Effect.andThen(Effect.sync(handler.onGap)),
    ),
  live: () => true,
})

/** A listening connection that reconnects after a loss, telling every handler about the gap. */
export const postgresNotifications = (config: pg.ClientConfig) =>
  Effect.gen(function* () {
    const handlers = new Map<string, Set<NotificationHandler>>()
    let client: pg.Client | undefined

    const gap = () => {
      for (const set of handlers.values()) for (const handler of set) handler.onGap()
    }

    const session = Effect.gen(function* () {
      const lost = yield* Deferred.make<void>()
      const connection = new pg.Client(config)
      const drop = () => Deferred.unsafeDone(lost, Exit.void)
      connection.on("error", drop)
      connection.on("end", drop)
      connection.on("notification", (message) => {
        for (const handler of handlers.get(message.channel) ?? []) handler.onMessage(message.payload ?? "")
      })
      yield* Effect.acquireRelease(
        Effect.tryPromise(() => connection.connect()),
        () => Effect.promise(() => connection.end()).pipe(Effect.ignore),
      )
      for (const channel of handlers.keys()) {
        yield* Effect.tryPromise(() => connection.query(`listen ${quote(channel)}`))
      }
      client = connection
      gap()
      yield* Deferred.await(lost)
    }).pipe(
      Effect.scoped,
      Effect.ensuring(Effect.sync(() => (client = undefined))),
      Effect.catchAll(() => Effect.void),
    )

    yield* Effect.forkScoped(session.pipe(Effect.repeat(Schedule.spaced("250 millis"))))

    const subscribe = (channel: string, handler: NotificationHandler) =>
      Effect.gen(function* () {
        const set = handlers.get(channel)
        if (set !== undefined) {
          set.add(handler)
          return
        }
        handlers.set(channel, new Set([handler]))
        const connection = client
        // Not connected yet: the session listens to every channel when it connects.
        if (connection !== undefined) {
          yield* Effect.tryPromise(() => connection.query(`listen ${quote(channel)}`)).pipe(
            Effect.catchAll(() => Effect.sync(() => connection.emit("error", new Error("listen failed")))),
          )
        }
      })

    /** Tells this process's handlers of `channel` that something may have changed (its own write). */
    const echo = (channel: string) => {
      for (const handler of handlers.get(channel) ?? []) handler.onGap()
    }

    return { subscribe, live: () => client !== undefined, echo } satisfies Notifications & {
      readonly echo: (channel: string) => void
    }
  })
