/**
 * Structured JSON log lines. Every entry passes through `redact`: values under secret-looking keys
 * and token-looking strings are replaced, so a secret cannot reach the log even by mistake.
 */
export type LogEntry = Readonly<Record<string, unknown>>
export type LogSink = (entry: LogEntry) => void

const SECRET_KEY = /authorization|cookie|password|passwd|secret|token|api[-_]?key|^key$|credential|session/i
const SECRET_TEXT = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\bcrm_[A-Za-z0-9_-]{20,}/g,
  /\b(postgres(?:ql)?|smtps?):\/\/[^\s@/]*:[^\s@/]*@/gi,
  /scrypt\$[^\s,'"]+/g,
]

// Every pattern above needs one of these: most text (paths, ids, messages) is let through on one test.
const MAY_HOLD_SECRET = /bearer|crm_|postgres|smtp|scrypt\$/i

const redactText = (text: string) =>
  !MAY_HOLD_SECRET.test(text)
    ? text
    : SECRET_TEXT.reduce(
        (out, pattern) => out.replace(pattern, (match) => `${match.slice(0, 6)}[REDACTED]`),
        text,
      )

export const redact = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") return redactText(value)
  if (depth > 6 || value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) ? "[REDACTED]" : redact(item, depth + 1),
    ]),
  )
}

/**
 * One JSON line per entry, handed to `write` once per turn of the event loop with every line of that
 * turn: stdout on a pipe writes synchronously, and one write per request cost a tenth of a busy API's time.
 */
export const batchedSink = (write: (text: string) => void) => {
  let pending: Array<string> = []
  const flush = () => {
    if (pending.length === 0) return
    const text = pending.join("")
    pending = []
    write(text)
  }
  const sink: LogSink = (entry) => {
    if (pending.length === 0) setImmediate(flush)
    pending.push(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)
  }
  return { sink, flush }
}

const stdout = batchedSink((text) => process.stdout.write(text))
process.on("exit", stdout.flush)

/** The process's log stream: JSON lines on stdout. */
export const stdoutSink: LogSink = stdout.sink

/** Applies `redact` before handing entries to `sink`; the app wraps every sink it is given. */
export const redacting =
  (sink: LogSink): LogSink =>
  (entry) =>
    sink(redact(entry) as LogEntry)
