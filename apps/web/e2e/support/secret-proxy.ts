// The secret scan of the browser tests. The browser reaches the API through a recording proxy, and the
// API reaches the mock portal through another: together they see every secret in play (passwords and
// service keys the browser sends, tokens and signing secrets shown once, the portal's OAuth tokens and
// keys, webhook secrets the API registers) and every response body and header the browser receives.
// The API's log lines are added by the caller. `report()` searches everything kept, with every secret
// known by then, so a secret learned late is still found in an earlier response.
import { createHash } from "node:crypto"
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib"
import { makeSecretScanner, type SecretHit } from "@app/api/secret-scan"

/** Where a proxy answers its own report instead of forwarding. */
export const SCAN_REPORT_PATH = "/__e2e/secret-scan"

export interface SecretScanReport {
  readonly hits: ReadonlyArray<SecretHit>
  /** How many distinct secrets were searched for. */
  readonly secrets: number
  /** How many distinct texts (bodies, header blocks, log lines) were searched. */
  readonly texts: number
}

interface Kept {
  readonly where: string
  /** Secrets this text may hold by design: those of its own request URL, or shown once in it. */
  readonly exempt: ReadonlyArray<string>
}

export interface SecretScan {
  readonly remember: (secret: string | undefined) => void
  /** Adds a text (a response, a log line) to search. */
  readonly keep: (where: string, text: string, exempt?: ReadonlyArray<string>) => void
  readonly rememberRequest: (headers: Headers, body: string) => void
  readonly report: () => SecretScanReport
}

export const makeSecretScan = (): SecretScan => {
  const scanner = makeSecretScanner()
  const texts = new Map<string, { text: string; kept: Kept }>()
  return {
    remember: scanner.remember,
    rememberRequest: (headers, body) => scanner.rememberRequest(headers, body),
    keep: (where, text, exempt = []) => {
      if (text.length === 0) return
      const id = createHash("sha256").update(text).digest("hex")
      if (!texts.has(id)) texts.set(id, { text, kept: { where, exempt } })
    },
    report: () => {
      const secrets = scanner.known()
      const hits: Array<SecretHit> = []
      for (const { text, kept } of texts.values()) {
        for (const secret of secrets) {
          if (text.includes(secret) && !kept.exempt.some((allowed) => allowed.includes(secret))) {
            hits.push({ where: kept.where, secretStart: `${secret.slice(0, 4)}…` })
          }
        }
      }
      return { hits, secrets: secrets.length, texts: texts.size }
    },
  }
}

const toHeaders = (raw: IncomingHttpHeaders) => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}

const decode = (body: Buffer, encoding: string | undefined): string => {
  try {
    if (encoding === "gzip") return gunzipSync(body).toString("utf8")
    if (encoding === "br") return brotliDecompressSync(body).toString("utf8")
    if (encoding === "deflate") return inflateSync(body).toString("utf8")
  } catch {
    // a stream cut short: search what arrived as it is
  }
  return body.toString("utf8")
}

/** Values of the fields a response shows once (a new token, an endpoint's signing secret). */
const shownOnce = (text: string): Array<string> => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    return ["token", "secret"].flatMap((field) => (typeof body[field] === "string" ? [body[field]] : []))
  } catch {
    return []
  }
}

/** The portal's OAuth tokens in a token answer; other fields of the portal's answers are data. */
const oauthTokens = (text: string): Array<string> => {
  try {
    const body = JSON.parse(text) as Record<string, unknown>
    return ["access_token", "refresh_token"].flatMap((field) =>
      typeof body[field] === "string" ? [body[field]] : [],
    )
  } catch {
    return []
  }
}

const safeDecodeUrl = (url: string) => {
  try {
    return decodeURIComponent(url.replace(/\+/g, " "))
  } catch {
    return url
  }
}

export interface RecordingProxy {
  readonly url: string
  readonly close: () => Promise<void>
}

export interface RecordingProxyOptions {
  /** Where requests go, e.g. `http://127.0.0.1:3000`. The `Host` header is passed on unchanged. */
  readonly target: string
  readonly scan: SecretScan
  /**
   * `scan`: the browser's side; responses are kept for the search. `learn`: the API's side of the
   * portal; responses are the API's to hold (tokens, keys), so their secrets are remembered instead.
   */
  readonly mode: "scan" | "learn"
  readonly port?: number
}

export const startRecordingProxy = async (options: RecordingProxyOptions): Promise<RecordingProxy> => {
  const target = new URL(options.target)
  const { scan } = options
  const server: Server = createServer((incoming, outgoing) => {
    if (options.mode === "scan" && incoming.url === SCAN_REPORT_PATH) {
      outgoing.writeHead(200, { "content-type": "application/json" })
      outgoing.end(JSON.stringify(scan.report()))
      return
    }
    const requestChunks: Array<Buffer> = []
    incoming.on("data", (chunk: Buffer) => requestChunks.push(chunk))
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders)
        const responseChunks: Array<Buffer> = []
        let done = false
        const finish = () => {
          if (done) return
          done = true
          const where = `${incoming.method} ${incoming.url}`
          const text = decode(Buffer.concat(responseChunks), answer.headers["content-encoding"])
          if (options.mode === "learn") {
            for (const token of oauthTokens(text)) scan.remember(token)
            return
          }
          const url = safeDecodeUrl(incoming.url ?? "")
          const once = answer.headers["cache-control"]?.includes("no-store") ? shownOnce(text) : []
          const headers = [...toHeaders(answer.headers).entries()]
            .filter(([name]) => name !== "set-cookie")
            .map(([name, value]) => `${name}: ${value}`)
            .join("\n")
          scan.keep(`${where} headers`, headers, [url])
          scan.keep(`${where} body`, text, [url, ...once])
          for (const secret of once) scan.remember(secret)
        }
        answer.on("data", (chunk: Buffer) => {
          responseChunks.push(chunk)
          outgoing.write(chunk)
        })
        answer.on("end", () => {
          finish()
          outgoing.end()
        })
        // A stream (server-sent events) the browser closes: what it received is searched all the same.
        answer.on("close", finish)
        outgoing.on("close", () => {
          finish()
          answer.destroy()
        })
      },
    )
    upstream.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502)
      outgoing.end()
    })
    incoming.on("end", () => {
      const body = Buffer.concat(requestChunks)
      scan.rememberRequest(toHeaders(incoming.headers), body.toString("utf8"))
      upstream.end(body)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", resolve)
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
