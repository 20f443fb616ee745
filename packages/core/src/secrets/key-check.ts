/**
 * One APP_SECRET for every process on a database: a canary sealed under the secret is kept in the
 * database, and a process whose secret cannot open it refuses to start, instead of reading every
 * stored service key as refused and flipping organizations to "key invalid".
 */
import { eq } from "drizzle-orm"
import { Clock, Effect, Redacted, Schema } from "effect"
import { Database } from "../persistence/database.js"
import { appMeta } from "../persistence/tables/meta.js"
import { Secrets } from "./secrets.js"

const CHECK_KEY = "app-secret-check"
const CANARY = "crm-projects app secret check"
// Bound as associated data: the canary opens only as itself, never as a credential.
const CONTEXT = "app-secret-check"

const StoredCheck = Schema.Struct({ sealed: Schema.String })

export class AppSecretMismatch extends Schema.TaggedError<AppSecretMismatch>()("AppSecretMismatch", {}) {
  override get message() {
    return (
      "APP_SECRET cannot open the credentials stored in this database: every API process on one " +
      "database must run with the same APP_SECRET (an older one goes in APP_SECRET_PREVIOUS)"
    )
  }
}

export interface AppSecretCheck {
  /** The database had no check yet: this secret is now the one it expects. */
  readonly created: boolean
  /** The check opened only under APP_SECRET_PREVIOUS and was sealed again under APP_SECRET. */
  readonly rotated: boolean
}

/** Run once at start, before serving: fails `AppSecretMismatch` when the secret is not this database's. */
export const verifyAppSecret = Effect.fn("Secrets.verifyAppSecret")(function* () {
  const database = yield* Database
  const secrets = yield* Secrets
  const sealNew = secrets.encrypt(Redacted.make(CANARY), CONTEXT)
  const first = yield* sealNew
  // Two processes starting at once: the first insert wins and the other checks against it.
  const created = yield* database.use((db) =>
    db
      .insert(appMeta)
      .values({ key: CHECK_KEY, value: { sealed: first } })
      .onConflictDoNothing()
      .returning({ key: appMeta.key }),
  )
  const [row] = yield* database.use((db) => db.select().from(appMeta).where(eq(appMeta.key, CHECK_KEY)))
  const stored = yield* Schema.decodeUnknown(StoredCheck)(row?.value).pipe(
    Effect.mapError(() => new AppSecretMismatch()),
  )
  const opened = yield* secrets
    .decrypt(stored.sealed, CONTEXT)
    .pipe(Effect.mapError(() => new AppSecretMismatch()))
  if (Redacted.value(opened) !== CANARY) return yield* new AppSecretMismatch()
  const rotated = secrets.needsRotation(stored.sealed)
  if (rotated) {
    const resealed = yield* sealNew
    const now = yield* Clock.currentTimeMillis
    yield* database.use((db) =>
      db
        .update(appMeta)
        .set({ value: { sealed: resealed }, updatedAt: new Date(now) })
        .where(eq(appMeta.key, CHECK_KEY)),
    )
  }
  return { created: created.length > 0, rotated } satisfies AppSecretCheck
})
