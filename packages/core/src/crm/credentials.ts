/**
 * Password hashing (scrypt, per-password salt, constant-time verify) and opaque tokens (sessions,
 * CSRF, API tokens) that are stored only as SHA-256 digests.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto"
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

/**
 * The CSRF token of a session, derived from its (HttpOnly) cookie token: any tab holding the cookie
 * can be told it again (GET /me), while a cross-site page can neither read nor compute it.
 */
export const csrfTokenFor = (sessionToken: Redacted.Redacted<string>) =>
  Redacted.make(createHmac("sha256", Redacted.value(sessionToken)).update("csrf").digest("base64url"))

/** Constant-time comparison of two secrets. */
export const sameSecret = (a: Redacted.Redacted<string>, b: Redacted.Redacted<string>) => {
  const left = Buffer.from(Redacted.value(a))
  const right = Buffer.from(Redacted.value(b))
  return left.length === right.length && timingSafeEqual(left, right)
}
