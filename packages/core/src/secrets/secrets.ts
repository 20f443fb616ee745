/**
 * Encryption at rest of the credentials the integration keeps (service keys, OAuth tokens): SPEC §2
 * "Secrets". AES-256-GCM under a key derived from APP_SECRET with HKDF-SHA256; every ciphertext names
 * the key it was sealed with, so APP_SECRET can rotate while older rows stay readable.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { SecretsConfig } from "../config/index.js"

/** `enc:v1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>` — safe to store in a text column. */
export const Ciphertext = Schema.String.pipe(
  Schema.pattern(/^enc:v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/),
  Schema.brand("Ciphertext"),
)
export type Ciphertext = typeof Ciphertext.Type

/** The ciphertext cannot be opened: tampered with, sealed for another row, or under a key we no longer hold. */
export class SecretUndecryptable extends Schema.TaggedError<SecretUndecryptable>()("SecretUndecryptable", {
  reason: Schema.Literal("malformed", "unknown-key", "authentication-failed"),
}) {
  override get message() {
    return `stored secret cannot be decrypted (${this.reason})`
  }
}

const VERSION = "v1"
const IV_BYTES = 12
const TAG_BYTES = 16
// Fixed salt and info: the derived key depends on APP_SECRET only, so every process agrees on it.
const HKDF_SALT = Buffer.from("crm-projects/secrets", "utf8")
const HKDF_INFO = Buffer.from("aes-256-gcm credentials v1", "utf8")

interface DerivedKey {
  readonly id: string
  readonly key: Buffer
}

const deriveKey = (secret: Redacted.Redacted<string>): DerivedKey => {
  const raw = Redacted.value(secret)
  const key = Buffer.from(hkdfSync("sha256", raw, HKDF_SALT, HKDF_INFO, 32))
  // The key id is a hash of the derived key, never of the secret itself, and only 32 bits of it.
  const id = createHash("sha256").update(key).digest("hex").slice(0, 8)
  return { id, key }
}

export interface SecretsOptions {
  readonly current: Redacted.Redacted<string>
  /** Secrets that older ciphertexts may have been sealed with (rotation). */
  readonly previous?: ReadonlyArray<Redacted.Redacted<string>>
}

export const makeSecrets = (options: SecretsOptions) => {
  const current = deriveKey(options.current)
  const keys = new Map<string, Buffer>([[current.id, current.key]])
  for (const previous of options.previous ?? []) {
    const derived = deriveKey(previous)
    if (!keys.has(derived.id)) keys.set(derived.id, derived.key)
  }

  /**
   * Seals `plaintext`. `context` (e.g. "portal-credential:<organization id>") is bound as associated
   * data: a ciphertext copied to another row does not open there.
   */
  const encrypt = Effect.fn("Secrets.encrypt")((plaintext: Redacted.Redacted<string>, context: string = "") =>
    Effect.sync(() => {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES })
      cipher.setAAD(Buffer.from(context, "utf8"))
      const body = Buffer.concat([cipher.update(Redacted.value(plaintext), "utf8"), cipher.final()])
      const sealed = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")
      return Ciphertext.make(`enc:${VERSION}:${current.id}:${sealed}`)
    }),
  )

  const decrypt = Effect.fn("Secrets.decrypt")(function* (ciphertext: string, context: string = "") {
    const parts = ciphertext.split(":")
    const [prefix, version, keyId, sealed] = parts
    if (
      parts.length !== 4 ||
      prefix !== "enc" ||
      version !== VERSION ||
      keyId === undefined ||
      sealed === undefined
    ) {
      return yield* new SecretUndecryptable({ reason: "malformed" })
    }
    const key = keys.get(keyId)
    if (key === undefined) return yield* new SecretUndecryptable({ reason: "unknown-key" })
    const bytes = Buffer.from(sealed, "base64url")
    if (bytes.length < IV_BYTES + TAG_BYTES) return yield* new SecretUndecryptable({ reason: "malformed" })
    const opened = Option.liftThrowable(() => {
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      })
      decipher.setAAD(Buffer.from(context, "utf8"))
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ])
    })()
    if (Option.isNone(opened)) return yield* new SecretUndecryptable({ reason: "authentication-failed" })
    return Redacted.make(opened.value.toString("utf8"))
  })

  /** True when `ciphertext` was sealed with a previous key and should be sealed again. */
  const needsRotation = (ciphertext: string) => ciphertext.split(":")[2] !== current.id

  return { encrypt, decrypt, needsRotation } as const
}

/**
 * Secrets from configuration: `APP_SECRET` (required; the app edge generates one with
 * `ensureAppSecret` on the embedded start) and `APP_SECRET_PREVIOUS` (optional, comma-separated).
 */
export class Secrets extends Effect.Service<Secrets>()("@app/core/Secrets", {
  effect: Effect.gen(function* () {
    return makeSecrets(yield* SecretsConfig)
  }),
}) {
  /** Secrets under an explicit secret, for tests and tools. */
  static readonly fromSecret = makeSecrets
  /** A layer under an explicit secret, e.g. the one `ensureAppSecret` returned on the embedded start. */
  static readonly layer = (options: SecretsOptions) =>
    Layer.succeed(Secrets, Secrets.make(makeSecrets(options)))
}
