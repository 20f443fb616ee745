import { mkdtemp, readFile, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Redacted } from "effect"
import { ensureAppSecret } from "./app-secret.js"
import { Secrets } from "./secrets.js"

const secrets = Secrets.fromSecret({ current: Redacted.make("first app secret") })
const plaintext = Redacted.make("a1b2c3d4e5f60718293a4b5c6d7e8f90")

const flipLastChar = (text: string) => `${text.slice(0, -1)}${text.endsWith("A") ? "B" : "A"}`

describe("Secrets", () => {
  it.effect("opens what it sealed", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext, "org-1")
      const opened = yield* secrets.decrypt(sealed, "org-1")
      expect(Redacted.value(opened)).toBe(Redacted.value(plaintext))
    }),
  )

  it.effect("never shows the plaintext in the ciphertext, and seals twice differently", () =>
    Effect.gen(function* () {
      const first = yield* secrets.encrypt(plaintext)
      const second = yield* secrets.encrypt(plaintext)
      expect(first).not.toContain(Redacted.value(plaintext))
      expect(Buffer.from(first.split(":")[3] ?? "", "base64url").toString("latin1")).not.toContain(
        Redacted.value(plaintext),
      )
      expect(first).not.toBe(second)
    }),
  )

  it.effect("detects a tampered ciphertext", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext)
      const error = yield* secrets.decrypt(flipLastChar(sealed)).pipe(Effect.flip)
      expect(error.reason).toBe("authentication-failed")
    }),
  )

  it.effect("refuses a ciphertext moved to another context", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext, "org-1")
      const error = yield* secrets.decrypt(sealed, "org-2").pipe(Effect.flip)
      expect(error._tag).toBe("SecretUndecryptable")
    }),
  )

  it.effect("refuses to open with another key", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext)
      const other = Secrets.fromSecret({ current: Redacted.make("another app secret") })
      const error = yield* other.decrypt(sealed).pipe(Effect.flip)
      expect(error.reason).toBe("unknown-key")
    }),
  )

  it.effect("opens ciphertexts of a previous secret after rotation and flags them for resealing", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext)
      const rotated = Secrets.fromSecret({
        current: Redacted.make("second app secret"),
        previous: [Redacted.make("first app secret")],
      })
      expect(rotated.needsRotation(sealed)).toBe(true)
      const opened = yield* rotated.decrypt(sealed)
      expect(Redacted.value(opened)).toBe(Redacted.value(plaintext))
      expect(rotated.needsRotation(yield* rotated.encrypt(opened))).toBe(false)
    }),
  )

  it.effect("reads APP_SECRET and APP_SECRET_PREVIOUS from configuration", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext)
      const configured = yield* Secrets.pipe(
        Effect.provide(Secrets.Default),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["APP_SECRET", "new"],
              ["APP_SECRET_PREVIOUS", "old, first app secret"],
            ]),
          ),
        ),
      )
      expect(Redacted.value(yield* configured.decrypt(sealed))).toBe(Redacted.value(plaintext))
    }),
  )
})

describe("Secrets.layer", () => {
  it.effect("serves the secret the embedded start generated", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.encrypt(plaintext)
      const served = yield* Secrets.pipe(
        Effect.provide(Secrets.layer({ current: Redacted.make("first app secret") })),
      )
      expect(Redacted.value(yield* served.decrypt(sealed))).toBe(Redacted.value(plaintext))
    }),
  )
})

describe("ensureAppSecret", () => {
  it.effect("generates a private secret once and reads the same one afterwards", () =>
    Effect.gen(function* () {
      const dir = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "app-secret-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true })),
      )
      const dataDir = join(dir, "data")
      const first = yield* ensureAppSecret(dataDir)
      const second = yield* ensureAppSecret(dataDir)
      expect(Redacted.value(first).length).toBeGreaterThanOrEqual(32)
      expect(Redacted.value(second)).toBe(Redacted.value(first))
      const file = join(dataDir, "app-secret")
      expect((yield* Effect.promise(() => stat(file))).mode & 0o777).toBe(0o600)
      expect((yield* Effect.promise(() => readFile(file, "utf8"))).trim()).toBe(Redacted.value(first))
    }).pipe(Effect.scoped),
  )
})
