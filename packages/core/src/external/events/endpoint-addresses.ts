/**
 * Event endpoints must not reach inside the network the API runs in (SSRF): an endpoint at a
 * loopback, private, link-local, shared (CGNAT), unspecified, multicast or reserved address is
 * refused at registration, and every delivery checks the address it actually connects to (a name
 * that resolves to such an address is refused then too, so a DNS answer changed after registration
 * does not get through). `EVENT_ENDPOINTS_ALLOW_PRIVATE` lists the host names or IP literals that
 * may be private all the same (comma-separated, `*` for any): local receivers in development and
 * tests.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns"
import { isIP } from "node:net"
import { Context, Effect, Layer } from "effect"
import { EventsEnv } from "../../config/index.js"

const v4 = (ip: string): number[] => ip.split(".").map(Number)

const privateV4 = (ip: string): boolean => {
  const [a = 0, b = 0, c = 0] = v4(ip)
  return (
    a === 0 || // "this" network, 0.0.0.0
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // shared address space (CGNAT)
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  )
}

/** The 16 bytes of an IPv6 literal (with an embedded IPv4 tail), or undefined. */
const v6Bytes = (ip: string): number[] | undefined => {
  let text = ip.toLowerCase().replace(/%.*$/, "")
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (tail?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = v4(tail[1])
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = "", rest] = text.split("::")
  const left = head === "" ? [] : head.split(":")
  const right = rest === undefined || rest === "" ? [] : rest.split(":")
  const missing = 8 - left.length - right.length
  if (rest === undefined ? missing !== 0 : missing < 0) return undefined
  const groups = [...left, ...Array.from({ length: rest === undefined ? 0 : missing }, () => "0"), ...right]
  return groups.flatMap((group) => {
    const n = Number.parseInt(group, 16)
    return [(n >> 8) & 0xff, n & 0xff]
  })
}

const privateV6 = (ip: string): boolean => {
  const bytes = v6Bytes(ip)
  if (bytes === undefined) return true
  const [b0 = 0, b1 = 0] = bytes
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0)
  if (zeros(0, 16)) return true // ::
  if (zeros(0, 15) && bytes[15] === 1) return true // ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address decides.
  if (zeros(0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || zeros(10, 12)))
    return privateV4(bytes.slice(12).join("."))
  // NAT64 (64:ff9b::a.b.c.d) too.
  if (b0 === 0x00 && b1 === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12))
    return privateV4(bytes.slice(12).join("."))
  if ((b0 & 0xfe) === 0xfc) return true // unique local fc00::/7
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return true // link-local fe80::/10
  if (b0 === 0xff) return true // multicast
  return false
}

/** Whether an IP literal is one an endpoint may not reach. */
export const isPrivateAddress = (ip: string): boolean => {
  const kind = isIP(ip.replace(/^\[|\]$/g, ""))
  if (kind === 4) return privateV4(ip)
  if (kind === 6) return privateV6(ip.replace(/^\[|\]$/g, ""))
  return true
}

/** Which hosts may be private all the same. */
export interface EndpointAddressPolicy {
  readonly allowPrivate: ReadonlyArray<string>
}

export class EndpointAddresses extends Context.Tag("@app/core/external/EndpointAddresses")<
  EndpointAddresses,
  EndpointAddressPolicy
>() {
  static readonly layer = Layer.effect(
    EndpointAddresses,
    Effect.map(EventsEnv, ({ allowPrivate: raw }) => ({
      allowPrivate: raw
        .split(",")
        .map((host) =>
          host
            .trim()
            .toLowerCase()
            .replace(/^\[|\]$/g, ""),
        )
        .filter((host) => host !== ""),
    })),
  ).pipe(Layer.orDie)
  static readonly allowing = (hosts: ReadonlyArray<string>) =>
    Layer.succeed(EndpointAddresses, { allowPrivate: hosts.map((h) => h.toLowerCase()) })
}

const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[|\]$/g, "")

export const mayBePrivate = (policy: EndpointAddressPolicy, hostname: string) =>
  policy.allowPrivate.includes("*") || policy.allowPrivate.includes(bare(hostname))

/** Why a host may not be an endpoint, or undefined when it may. Resolves names with `resolve`. */
export const refuseHost = async (
  policy: EndpointAddressPolicy,
  hostname: string,
  resolve: (host: string) => Promise<ReadonlyArray<string>> = resolveAll,
): Promise<string | undefined> => {
  const host = bare(hostname)
  if (mayBePrivate(policy, host)) return undefined
  if (isIP(host) !== 0) return isPrivateAddress(host) ? PRIVATE : undefined
  if (host === "localhost" || host.endsWith(".localhost")) return PRIVATE
  const addresses = await resolve(host).catch(() => undefined)
  if (addresses === undefined || addresses.length === 0) return "a host name that resolves"
  return addresses.some(isPrivateAddress) ? PRIVATE : undefined
}

export const PRIVATE =
  "a public address: loopback, private, link-local and other internal addresses are refused"

const resolveAll = (host: string) =>
  new Promise<ReadonlyArray<string>>((done, fail) =>
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) =>
      error ? fail(error) : done(addresses.map((a) => a.address)),
    ),
  )

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for node:http that refuses to connect to an internal address (unless the host is
 * allowed): the address checked is the address connected to.
 */
export const guardedLookup =
  (policy: EndpointAddressPolicy) =>
  (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, options.all ? [] : "")
      if (!mayBePrivate(policy, hostname) && addresses.some((a) => isPrivateAddress(a.address))) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to an internal address`)
        refused.code = "EADDRNOTALLOWED"
        return callback(refused, options.all ? [] : "")
      }
      if (options.all) return callback(null, addresses)
      const first = addresses[0]
      return callback(null, first?.address ?? "", first?.family)
    })
  }
