/**
 * A scripted HTTP peer on a real socket (port 0) for the client's transport tests: each request gets
 * the next scripted action — a response, a dropped connection, or no answer at all.
 */
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect } from "effect"

export interface PeerRequest {
  readonly method: string
  readonly url: URL
  readonly headers: IncomingMessage["headers"]
  readonly body: string
}

export type PeerAction =
  | {
      readonly status: number
      readonly json?: unknown
      readonly headers?: Readonly<Record<string, string>>
    }
  | "drop"
  | "hang"

export const json = (status: number, body?: unknown, headers?: Record<string, string>): PeerAction => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
})

export const v3Error = (
  status: number,
  title: string,
  details: ReadonlyArray<{ field_name?: string; message: string }> = [],
) => json(status, { error: { status_code: String(status), title, details } })

/** Starts the peer for the scope; `respond` picks the action for the n-th request (from 0). */
export const startPeer = (respond: (request: PeerRequest, index: number) => PeerAction) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly requests: Array<PeerRequest>; readonly close: () => void }>(
      (resume) => {
        const requests: Array<PeerRequest> = []
        const server = createServer((req, res) => {
          const chunks: Array<Buffer> = []
          req.on("data", (chunk: Buffer) => chunks.push(chunk))
          req.on("end", () => {
            const request: PeerRequest = {
              method: req.method ?? "GET",
              url: new URL(req.url ?? "/", "http://peer"),
              headers: req.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            }
            const action = respond(request, requests.length)
            requests.push(request)
            if (action === "drop") {
              req.socket.destroy()
              return
            }
            if (action === "hang") return
            const body = action.json === undefined ? "" : JSON.stringify(action.json)
            res.writeHead(action.status, {
              ...(body ? { "content-type": "application/json" } : {}),
              ...action.headers,
            })
            res.end(body)
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as AddressInfo
          resume(
            Effect.succeed({
              url: `http://127.0.0.1:${port}`,
              requests,
              close: () => {
                server.closeAllConnections()
                server.close()
              },
            }),
          )
        })
      },
    ),
    (peer) => Effect.sync(() => peer.close()),
  )
