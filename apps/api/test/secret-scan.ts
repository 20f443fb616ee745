/**
 * Secrets must never come back: every secret a test sends (passwords, service keys, bearer tokens,
 * session cookies) or configures (APP_SECRET) is remembered, and every later response body, header
 * and log line is searched for it. A secret is reported where it appears, never in full.
 */

/** Shorter values (ids, a one-letter password in a bad-input sweep) would match by chance. */
const MIN_SECRET_LENGTH = 8
/** Secrets are varied; a run of one emoji or "xxxx…" from a bad-input sweep is not one. */
const MIN_DISTINCT_CHARACTERS = 5
const SECRET_FIELDS = new Set([
  "password",
  "key",
  "currentPassword",
  "newPassword",
  "secret",
  "clientSecret",
  "client_secret",
  "access_token",
  "refresh_token",
])

export interface SecretHit {
  readonly where: string
  /** The first four characters of the secret, to tell which one leaked. */
  readonly secretStart: string
}

export interface SecretScanner {
  /** Remembers a secret to look for from now on. */
  readonly remember: (secret: string | undefined) => void
  /** Values that are public test data wherever they are sent (a fuzzer's hostile strings). */
  readonly ignore: (values: ReadonlyArray<string>) => void
  /** Remembers the secrets a request carries: bearer token, cookies, secret fields of a JSON body. */
  readonly rememberRequest: (headers: Headers, body: unknown) => void
  /**
   * Searches `text` for every remembered secret, except those in `requestUrl`: a value the request
   * itself put in its URL (a fuzzer's string reused as a path) is echoed by design, not leaked.
   */
  readonly scan: (where: string, text: string, requestUrl?: string) => void
  readonly hits: ReadonlyArray<SecretHit>
  /** How many texts were searched (responses, headers and log lines). */
  readonly scanned: () => number
  readonly secrets: () => number
  /** Every remembered secret, to search texts kept earlier again once more secrets are known. */
  readonly known: () => ReadonlyArray<string>
}

const secretFieldsOf = (value: unknown, found: Array<string>, depth = 0): void => {
  if (depth > 8 || typeof value !== "object" || value === null) return
  for (const [name, inner] of Object.entries(value)) {
    if (SECRET_FIELDS.has(name) && typeof inner === "string") found.push(inner)
    else secretFieldsOf(inner, found, depth + 1)
  }
}

const safeDecode = (url: string) => {
  try {
    return decodeURIComponent(url.replace(/\+/g, " "))
  } catch {
    return url
  }
}

export const makeSecretScanner = (): SecretScanner => {
  const secrets = new Set<string>()
  const ignored = new Set<string>()
  const hits: Array<SecretHit> = []
  let scanned = 0
  const remember = (secret: string | undefined) => {
    const value = secret?.trim()
    if (value === undefined || value.length < MIN_SECRET_LENGTH || ignored.has(value)) return
    if (new Set(value).size >= MIN_DISTINCT_CHARACTERS) secrets.add(value)
  }
  return {
    remember,
    ignore: (values) => {
      for (const value of values) {
        ignored.add(value.trim())
        secrets.delete(value.trim())
      }
    },
    rememberRequest: (headers, body) => {
      // Any scheme: `Bearer` from API clients, `Zoho-oauthtoken` from the API to the portal.
      const credential = /^[\w-]+ +(\S+)/.exec(headers.get("authorization") ?? "")?.[1]
      remember(credential)
      for (const cookie of (headers.get("cookie") ?? "").split(";")) remember(cookie.split("=")[1])
      remember(headers.get("x-zsc-key") ?? undefined)
      let parsed: unknown = body
      if (typeof body === "string") {
        try {
          parsed = JSON.parse(body)
        } catch {
          parsed = undefined
        }
      }
      const found: Array<string> = []
      secretFieldsOf(parsed, found)
      for (const secret of found) remember(secret)
    },
    scan: (where, text, requestUrl) => {
      scanned++
      const url = requestUrl === undefined ? "" : safeDecode(requestUrl)
      for (const secret of secrets) {
        if (text.includes(secret) && !url.includes(secret)) {
          hits.push({ where, secretStart: `${secret.slice(0, 4)}…` })
        }
      }
    },
    hits,
    scanned: () => scanned,
    secrets: () => secrets.size,
    known: () => [...secrets],
  }
}

/** Every header of a response as one text; the session cookie being set is its owner's, not a leak. */
export const headerText = (headers: Headers) =>
  [...headers.entries()]
    .filter(([name]) => name !== "set-cookie")
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n")
