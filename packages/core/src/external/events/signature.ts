/**
 * Signatures of outbound event deliveries: HMAC-SHA256 over `<timestamp>.<raw body>` with the
 * endpoint's secret, sent as `t=<unix seconds>,v1=<hex>`. The timestamp is signed too, so a receiver
 * refusing old timestamps refuses replays. The client package verifies the same format.
 */
import { createHmac } from "node:crypto"
import type { Redacted } from "effect"
import { Redacted as R } from "effect"

export const signEvent = (secret: Redacted.Redacted<string>, timestampSeconds: number, body: string) =>
  `t=${timestampSeconds},v1=${createHmac("sha256", R.value(secret)).update(`${timestampSeconds}.${body}`).digest("hex")}`
