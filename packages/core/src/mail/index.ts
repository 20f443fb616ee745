/** Mail: the outbox every message is recorded in, and SMTP delivery through a durable job. */
export * from "./mail-transport.js"
export * from "./mailer.js"
export * from "./model.js"
