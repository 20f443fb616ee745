/**
 * Where mail goes: an SMTP server (nodemailer) when `SMTP_URL` is set, else nowhere but the outbox.
 * A tag, not a service: the edge picks the implementation.
 */
import { Context, Effect, Layer, Option, Redacted } from "effect"
import nodemailer from "nodemailer"
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js"
import { DEFAULT_MAIL_FROM, MailConfig } from "../config/index.js"
import { MailDeliveryFailed, type MailMessage } from "./model.js"

export interface MailTransportShape {
  readonly kind: "smtp" | "outbox"
  readonly send: (message: MailMessage) => Effect.Effect<void, MailDeliveryFailed>
}

// SMTP replies can quote the connection string back; never let a password through.
const scrub = (text: string, url: string) => {
  const password = Option.liftThrowable(() => new URL(url).password)().pipe(
    Option.filter((p) => p.length > 0),
  )
  const plain = Option.match(password, {
    onNone: () => text,
    onSome: (p) => text.split(decodeURIComponent(p)).join("***").split(p).join("***"),
  })
  return plain.slice(0, 1000)
}

const smtpTimeouts: SMTPTransport.Options = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
}

export class MailTransport extends Context.Tag("@app/core/MailTransport")<
  MailTransport,
  MailTransportShape
>() {
  /** Nothing leaves the process: the outbox row is the message's destination. */
  static readonly outboxOnly = Layer.succeed(MailTransport, { kind: "outbox", send: () => Effect.void })

  /** nodemailer over `url` (`smtp://user:pass@host:port`, `smtps://…`), closed with the layer. */
  static readonly smtp = (url: Redacted.Redacted<string>, from: string = DEFAULT_MAIL_FROM) =>
    Layer.scoped(
      MailTransport,
      Effect.gen(function* () {
        const raw = Redacted.value(url)
        const transporter = yield* Effect.acquireRelease(
          Effect.sync(() => nodemailer.createTransport(raw, smtpTimeouts)),
          (t) => Effect.sync(() => t.close()),
        )
        const send = (message: MailMessage) =>
          Effect.tryPromise({
            try: () =>
              transporter.sendMail({
                from,
                to: [...message.to],
                subject: message.subject,
                text: message.text,
                ...(message.html === undefined ? {} : { html: message.html }),
              }),
            catch: (error) =>
              new MailDeliveryFailed({
                reason: scrub(error instanceof Error ? error.message : String(error), raw),
              }),
          }).pipe(Effect.asVoid, Effect.withSpan("MailTransport.send"))
        return { kind: "smtp", send } satisfies MailTransportShape
      }),
    )

  /** SMTP when `SMTP_URL` is set (sender `MAIL_FROM`), otherwise the outbox only. */
  static readonly fromConfig = Layer.unwrapEffect(
    Effect.gen(function* () {
      const config = yield* MailConfig
      return Option.match(config.smtpUrl, {
        onNone: () => MailTransport.outboxOnly,
        onSome: (smtpUrl) => MailTransport.smtp(smtpUrl, config.from),
      })
    }),
  )
}
