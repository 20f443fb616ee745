/** The Hono environment of the mock: the namespace's emulator and the origin clients should call back. */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { Emulator, EmulatorRegistry } from "@app/core/projects-emulator"
import type { Dispatcher } from "./webhooks.js"

export interface MockEnv {
  Bindings: {
    incoming?: IncomingMessage | { socket: { destroy: () => void } }
    outgoing?: ServerResponse | object
    /** Set by the namespace resolution in app.ts. */
    namespace?: string
    origin?: string
  }
  Variables: {
    emu: Emulator
    registry: EmulatorRegistry
    dispatcher: Dispatcher
    /** Origin as the client sees it, with the `/__ns/<name>` prefix when one was used. */
    origin: string
    portalId?: string
    identity?: string
  }
}
