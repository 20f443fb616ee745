/**
 * Sends the emulator's webhook deliveries (projects-api.md §8): signed with HMAC-SHA256 of the raw body,
 * one namespace's deliveries in order, each outcome reported back (journal, retry on the mock clock).
 */
import { createHmac } from "node:crypto"
import type { Emulator } from "@app/core/projects-emulator"

/** §8: a receiver that does not answer within 10 s counts as a failed attempt. */
const DELIVERY_TIMEOUT_MS = 10_000

export const sign = (secret: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`

export class Dispatcher {
  private readonly chains = new Map<Emulator, Promise<void>>()

  /** Starts sending what is due (returns at once); deliveries of one namespace go out one by one. */
  kick(emu: Emulator): Promise<void> {
    if (emu.pendingDeliveries() === 0 && !this.chains.has(emu)) return Promise.resolve()
    const prev = this.chains.get(emu) ?? Promise.resolve()
    const next = prev.then(() => this.drain(emu))
    this.chains.set(emu, next)
    void next.finally(() => {
      if (this.chains.get(emu) === next) this.chains.delete(emu)
    })
    return next
  }

  /** Resolves once every delivery due now (and those it leads to at this instant) has been attempted. */
  async flush(emu: Emulator): Promise<void> {
    await this.kick(emu)
    while (this.chains.has(emu)) await this.chains.get(emu)
  }

  private async drain(emu: Emulator): Promise<void> {
    for (;;) {
      const due = emu.takeDueDeliveries()
      if (due.length === 0) return
      for (const d of due) {
        try {
          const res = await fetch(d.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-projects-event": d.event,
              "x-projects-delivery": d.eventId,
              "x-projects-webhook-id": d.webhookId,
              "x-projects-signature": sign(d.secret, d.body),
            },
            body: d.body,
            signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
          })
          await res.arrayBuffer().catch(() => undefined)
          emu.completeDelivery(d, { status: res.status })
        } catch (err) {
          emu.completeDelivery(d, { error: err instanceof Error ? err.name : "error" })
        }
      }
    }
  }
}
