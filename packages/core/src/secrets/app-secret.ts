/**
 * The embedded start's APP_SECRET: read from `DATA_DIR/app-secret`, or generated there (mode 0600)
 * on first start so stored credentials survive restarts without any setup.
 */
import { randomBytes } from "node:crypto"
import { mkdir, readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Effect, Redacted, Schema } from "effect"

export class AppSecretUnavailable extends Schema.TaggedError<AppSecretUnavailable>()("AppSecretUnavailable", {
  path: Schema.String,
  cause: Schema.Defect,
}) {
  override get message() {
    return `cannot read or create the app secret at ${this.path}`
  }
}

const isErrno = (error: unknown, code: string) =>
  typeof error === "object" && error !== null && "code" in error && error.code === code

export const ensureAppSecret = Effect.fn("Secrets.ensureAppSecret")(function* (dataDir: string) {
  const path = join(dataDir, "app-secret")
  const read = Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (cause) => cause,
  }).pipe(Effect.map((text) => text.trim()))
  const existing = yield* read.pipe(
    Effect.map((text) => (text.length > 0 ? text : undefined)),
    Effect.catchIf(
      (error) => isErrno(error, "ENOENT"),
      () => Effect.succeed(undefined),
    ),
    Effect.mapError((cause) => new AppSecretUnavailable({ path, cause })),
  )
  if (existing !== undefined) return Redacted.make(existing)
  const generated = randomBytes(32).toString("base64url")
  yield* Effect.tryPromise({
    try: async () => {
      await mkdir(dataDir, { recursive: true, mode: 0o700 })
      // `wx`: when two processes start at once, the second keeps the first one's secret.
      await writeFile(path, `${generated}\n`, { mode: 0o600, flag: "wx" })
    },
    catch: (cause) => cause,
  }).pipe(
    Effect.catchIf(
      (error) => isErrno(error, "EEXIST"),
      () => Effect.void,
    ),
    Effect.mapError((cause) => new AppSecretUnavailable({ path, cause })),
  )
  const stored = yield* read.pipe(Effect.mapError((cause) => new AppSecretUnavailable({ path, cause })))
  return Redacted.make(stored)
})
