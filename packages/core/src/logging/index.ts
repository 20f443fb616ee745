/**
 * The process's one log: structured JSON lines. Core's Effect logs (through `loggingLayer`) and the
 * HTTP edge's request lines go through the same redactor and the same level (`LOG_LEVEL`): values
 * under secret-looking keys and token-looking strings are replaced, so a secret cannot reach the log
 * even by mistake.
 */
import { Cause, HashMap, Layer, List, Logger, LogLevel } from "effect"

export type LogEntry = Readonly<Record<string, unknown>>
export type LogSink = (entry: LogEntry) => void

const SECRET_KEY =
  /authorization|cookie|password|passwd|secret|token|api[-_]?key|service[-_]?key|^key$|credential|session/i
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

/** Applies `redact` before handing entries to `sink`; every sink given to the app is wrapped. */
export const redacting =
  (sink: LogSink): LogSink =>
  (entry) =>
    sink(redact(entry) as LogEntry)

const LEVELS: ReadonlyArray<LogLevel.LogLevel> = LogLevel.allLevels
const levelNamed = (label: unknown) => {
  const name = String(label).toLowerCase()
  return (
    LEVELS.find((level) => level.label.toLowerCase() === name || level._tag.toLowerCase() === name) ??
    LogLevel.Info
  )
}

/** Drops entries below `minimum` (entries name their level as `"info"`, `"error"`, …). */
export const atLeast =
  (minimum: LogLevel.LogLevel, sink: LogSink): LogSink =>
  (entry) => {
    if (LogLevel.greaterThanEqual(levelNamed(entry.level), minimum)) sink(entry)
  }

/** An Effect Logger writing each log call as one redacted entry to `sink`: message, annotations, spans, cause. */
export const sinkLogger = (sink: LogSink) => {
  const out = redacting(sink)
  return Logger.make(({ logLevel, message, annotations, cause, spans, date }) => {
    const messages = Array.isArray(message) ? message : [message]
    const entry: Record<string, unknown> = {
      level: logLevel.label.toLowerCase(),
      msg: messages.length === 1 ? messages[0] : messages,
    }
    for (const [key, value] of HashMap.toEntries(annotations)) entry[key] = value
    const spanList = List.toArray(spans)
    if (spanList.length > 0) {
      entry.spans = Object.fromEntries(spanList.map((span) => [span.label, date.getTime() - span.startTime]))
    }
    if (!Cause.isEmpty(cause)) entry.cause = Cause.pretty(cause)
    out(entry)
  })
}

/** Core's logger: every Effect log call as a redacted JSON entry to `sink`, from `level` up. */
export const loggingLayer = (options: { readonly level: LogLevel.LogLevel; readonly sink: LogSink }) =>
  Layer.merge(
    Logger.replace(Logger.defaultLogger, sinkLogger(options.sink)),
    Logger.minimumLogLevel(options.level),
  )
