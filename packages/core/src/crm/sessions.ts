/**
 * Password sign-in and cookie sessions. The session token is a random 256-bit secret kept only as a
 * SHA-256 digest; its CSRF token is derived from it; sessions expire after 12 idle hours. Failed sign-ins are rows, counted
 * per (email, IP) and per IP over a sliding window, so the throttle holds across API processes.
 */
import { and, asc, eq, gt, lt, sql } from "drizzle-orm"
import { Clock, Effect, Option, type Redacted } from "effect"
import { Database } from "../persistence/index.js"
import { crmSessions, crmSignInFailures, crmUsers } from "../persistence/tables/index.js"
import type { Actor } from "./actor.js"
import { loadActor } from "./actors.js"
import { csrfTokenFor, digest, newSecret, sameSecret, verifyPassword } from "./credentials.js"
import { InvalidCredentials, OrganizationRequired, SignInThrottled, Unauthenticated } from "./errors.js"
import type { OrganizationId } from "./model.js"

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000
export const THROTTLE_MAX_FAILURES = 5
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000
/** Failures from one address across every email (one password tried on many accounts). */
export const THROTTLE_MAX_FAILURES_PER_IP = 20

export interface SignIn {
  readonly email: string
  readonly password: Redacted.Redacted<string>
  /** Client address as the edge sees it; the throttle key with the email. */
  readonly ip: string
  /** Needed only when the email belongs to users of several organizations. */
  readonly organizationId?: OrganizationId | undefined
}

export interface SignedIn {
  readonly actor: Actor
  readonly sessionToken: Redacted.Redacted<string>
  readonly csrfToken: Redacted.Redacted<string>
}

export interface ResolvedSession {
  readonly actor: Actor
  readonly sessionId: string
}

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

export class Sessions extends Effect.Service<Sessions>()("@app/core/crm/Sessions", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const provide = Effect.provideService(Database, database)

    /** Seconds until `failures` (oldest first) fall back under `max` in the sliding window. */
    const waitFor = (failures: ReadonlyArray<Date>, max: number, at: Date) => {
      const pivot = failures[failures.length - max]
      const reopensAt = (pivot?.getTime() ?? at.getTime()) + THROTTLE_WINDOW_MS
      return Math.max(1, Math.ceil((reopensAt - at.getTime()) / 1000))
    }

    /**
     * Takes a slot before the password is checked. Under a lock per address (held by the transaction,
     * so across API processes), the address's recent failures are counted and the attempt becomes a
     * row: of 40 parallel attempts, exactly as many as the limit allows get a check. A failed attempt
     * keeps its row as its failure; a successful one clears them.
     */
    const reserveAttempt = (email: string, ip: string, at: Date) =>
      database.transaction(
        Effect.gen(function* () {
          yield* database.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in ${ip}`}))`)
          const since = new Date(at.getTime() - THROTTLE_WINDOW_MS)
          const fromIp = yield* database.use((db) =>
            db
              .select({ email: crmSignInFailures.email, failedAt: crmSignInFailures.failedAt })
              .from(crmSignInFailures)
              .where(and(eq(crmSignInFailures.ip, ip), gt(crmSignInFailures.failedAt, since)))
              .orderBy(asc(crmSignInFailures.failedAt)),
          )
          const forEmail = fromIp.filter((row) => row.email === email).map((row) => row.failedAt)
          const wait = Math.max(
            forEmail.length >= THROTTLE_MAX_FAILURES ? waitFor(forEmail, THROTTLE_MAX_FAILURES, at) : 0,
            fromIp.length >= THROTTLE_MAX_FAILURES_PER_IP
              ? waitFor(
                  fromIp.map((row) => row.failedAt),
                  THROTTLE_MAX_FAILURES_PER_IP,
                  at,
                )
              : 0,
          )
          if (wait > 0) return yield* new SignInThrottled({ retryAfterSeconds: wait })
          const [slot] = yield* database.use((db) =>
            db
              .insert(crmSignInFailures)
              .values({ email, ip, failedAt: at })
              .returning({ id: crmSignInFailures.id }),
          )
          return slot?.id ?? ""
        }),
      )

    const releaseAttempt = (slotId: string) =>
      database.use((db) => db.delete(crmSignInFailures).where(eq(crmSignInFailures.id, slotId)))

    const pruneFailures = (ip: string, at: Date) =>
      database.use((db) =>
        db
          .delete(crmSignInFailures)
          .where(
            and(
              eq(crmSignInFailures.ip, ip),
              lt(crmSignInFailures.failedAt, new Date(at.getTime() - THROTTLE_WINDOW_MS)),
            ),
          ),
      )

    const signIn = Effect.fn("Sessions.signIn")(function* (input: SignIn) {
      const email = input.email.trim().toLowerCase()
      const at = yield* now
      const slotId = yield* reserveAttempt(email, input.ip, at)

      const candidates = yield* database.use((db) =>
        db
          .select({ id: crmUsers.id, passwordHash: crmUsers.passwordHash })
          .from(crmUsers)
          .where(
            and(
              eq(sql`lower(${crmUsers.email})`, email),
              eq(crmUsers.active, true),
              input.organizationId ? eq(crmUsers.organizationId, input.organizationId) : undefined,
            ),
          ),
      )
      const matches: Array<string> = []
      if (candidates.length === 0) yield* verifyPassword(input.password, null)
      for (const candidate of candidates) {
        if (yield* verifyPassword(input.password, candidate.passwordHash)) matches.push(candidate.id)
      }
      const [userId, ...others] = matches
      if (userId === undefined) {
        yield* pruneFailures(input.ip, at)
        return yield* new InvalidCredentials()
      }
      if (others.length > 0) {
        yield* releaseAttempt(slotId)
        return yield* new OrganizationRequired()
      }
      const actor = yield* provide(loadActor(userId, "session"))
      if (Option.isNone(actor)) return yield* new InvalidCredentials()

      const sessionToken = yield* newSecret()
      const csrfToken = csrfTokenFor(sessionToken)
      yield* database.use((db) =>
        db.transaction(async (tx) => {
          await tx
            .delete(crmSignInFailures)
            .where(and(eq(crmSignInFailures.email, email), eq(crmSignInFailures.ip, input.ip)))
          // Expired sessions of this user are of no further use: sign-in is a cheap moment to drop them.
          await tx
            .delete(crmSessions)
            .where(and(eq(crmSessions.userId, userId), lt(crmSessions.expiresAt, at)))
          await tx.insert(crmSessions).values({
            organizationId: actor.value.organizationId,
            userId,
            tokenHash: digest(sessionToken),
            createdAt: at,
            expiresAt: new Date(at.getTime() + SESSION_IDLE_MS),
          })
        }),
      )
      return { actor: actor.value, sessionToken, csrfToken } satisfies SignedIn
    })

    const resolve = Effect.fn("Sessions.resolve")(function* (sessionToken: Redacted.Redacted<string>) {
      const at = yield* now
      const [session] = yield* database.use((db) =>
        db
          .select()
          .from(crmSessions)
          .where(eq(crmSessions.tokenHash, digest(sessionToken))),
      )
      if (!session) return yield* new Unauthenticated({ reason: "invalid" })
      if (session.expiresAt.getTime() <= at.getTime())
        return yield* new Unauthenticated({ reason: "expired" })
      const actor = yield* provide(loadActor(session.userId, "session"))
      if (Option.isNone(actor)) return yield* new Unauthenticated({ reason: "inactive" })
      // Slide the idle expiry, but write at most once per half period.
      if (session.expiresAt.getTime() - at.getTime() < SESSION_IDLE_MS / 2) {
        yield* database.use((db) =>
          db
            .update(crmSessions)
            .set({ expiresAt: new Date(at.getTime() + SESSION_IDLE_MS) })
            .where(eq(crmSessions.id, session.id)),
        )
      }
      return {
        actor: actor.value,
        sessionId: session.id,
      } satisfies ResolvedSession
    })

    /** Whether a presented CSRF token is the one of this session (constant-time). */
    const checkCsrf = (sessionToken: Redacted.Redacted<string>, presented: Redacted.Redacted<string>) =>
      sameSecret(csrfTokenFor(sessionToken), presented)

    const signOut = Effect.fn("Sessions.signOut")(function* (sessionToken: Redacted.Redacted<string>) {
      yield* database.use((db) =>
        db.delete(crmSessions).where(eq(crmSessions.tokenHash, digest(sessionToken))),
      )
    })

    return { signIn, resolve, checkCsrf, csrfTokenFor, signOut } as const
  }),
}) {}
