/**
 * Verifying an outbound event delivery: `X-CRM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" under the endpoint's secret>`. Verify the raw bytes before parsing, refuse old
 * timestamps (replays), and dedupe on `X-CRM-Delivery`. Web Crypto: runs in Node 20, Deno and browsers.
 */
import type { EventType, OutboundEvent } from "./api-types.js"

export type { EventType, OutboundEvent }

export const EVENT_HEADERS = {
  event: "x-crm-event",
  eventId: "x-crm-event-id",
  delivery: "x-crm-delivery",
  signature: "x-crm-signature",
} as const

export interface VerifyOptions {
  /** The endpoint's signing secret (`whsec_…`), shown once at registration. */
  readonly secret: string
  /** The `X-CRM-Signature` header. */
  readonly header: string | null | undefined
  /** The raw request body, exactly as received. */
  readonly body: string
  /** Oldest accepted timestamp, in seconds before `now`; default 300. */
  readonly toleranceSeconds?: number
  /** Now, in ms; default `Date.now()`. */
  readonly now?: number
}

const encoder = new TextEncoder()

const hexToBytes = (hex: string) => {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

/** Whether the delivery is signed with `secret` and recent; constant-time on the signature. */
export async function verifyEventSignature(options: VerifyOptions): Promise<boolean> {
  const parts = new Map(
    (options.header ?? "").split(",").map((part) => {
      const at = part.indexOf("=")
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const
    }),
  )
  const timestamp = Number(parts.get("t"))
  const given = hexToBytes(parts.get("v1") ?? "")
  if (!Number.isSafeInteger(timestamp) || given === undefined) return false
  const now = (options.now ?? Date.now()) / 1000
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(options.secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  )
  return crypto.subtle.verify("HMAC", key, given, encoder.encode(`${timestamp}.${options.body}`))
}

/** The event of a verified delivery; throws when the signature does not hold. */
export async function parseEvent(options: VerifyOptions): Promise<OutboundEvent> {
  if (!(await verifyEventSignature(options))) throw new Error("event signature invalid or too old")
  return JSON.parse(options.body) as OutboundEvent
}
