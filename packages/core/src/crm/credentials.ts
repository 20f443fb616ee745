/**
 * Password hashing (scrypt, per-password salt, constant-time verify) and opaque tokens (sessions,
 * CSRF, API tokens) that are stored only as SHA-256 digests.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto"
import { Effect, Redacted } from "effect"

// OWASP's scrypt floor (N=2^17 costs 128 MiB per hash; 2^15 keeps sign-in under ~100 ms on 2 cores).
const N = 32_768
const r = 8
const p = 1
const KEY_LENGTH = 32
const MAX_MEM = 64 * 1024 * 1024

const derive = (password: string, salt: Buffer, params: { N: number; r: number; p: number }) =>
  Effect.async<Buffer>((resume) => {
    scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: MAX_MEM }, (error, key) => {
      if (error) resume(Effect.die(error))
      else resume(Effect.succeed(key))
    })
  })

export const hashPassword = (password: Redacted.Redacted<string>) =>
  Effect.gen(function* () {
    const salt = randomBytes(16)
    const key = yield* derive(Redacted.value(password), salt, { N, r, p })
    return `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${key.toString("base64url")}`
  })

// Verifying against this when no user matches keeps the response time from revealing which emails exist.
const DECOY = `scrypt$${N}$${r}$${p}$${Buffer.alloc(16).toString("base64url")}$${Buffer.alloc(KEY_LENGTH).toString("base64url")}`

export const verifyPassword = (password: Redacted.Redacted<string>, stored: string | null) =>
  Effect.gen(function* () {
    const parts = (stored ?? DECOY).split("$")
    const [scheme, n, rr, pp, salt, hash] = parts
    if (scheme !== "scrypt" || !n || !rr || !pp || !salt || !hash) return false
    const expected = Buffer.from(hash, "base64url")
    const actual = yield* derive(Redacted.value(password), Buffer.from(salt, "base64url"), {
      N: Number(n),
      r: Number(rr),
      p: Number(pp),
    })
    return stored !== null && expected.length === actual.length && timingSafeEqual(expected, actual)
  })

/** A fresh 256-bit secret, URL-safe, with an optional readable prefix (`crm_` for API tokens). */
export const newSecret = (prefix = "") =>
  Effect.sync(() => Redacted.make(`${prefix}${randomBytes(32).toString("base64url")}`))

export const digest = (secret: Redacted.Redacted<string> | string) =>
  createHash("sha256")
    .update(typeof secret === "string" ? secret : Redacted.value(secret))
    .digest("hex")

/** Constant-time comparison of a presented secret with a stored digest. */
export const matchesDigest = (secret: Redacted.Redacted<string>, storedDigest: string) => {
  const a = Buffer.from(digest(secret), "hex")
  const b = Buffer.from(storedDigest, "hex")
  return a.length === b.length && timingSafeEqual(a, b)
}
