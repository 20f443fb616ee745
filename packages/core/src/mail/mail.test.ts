import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted, TestClock } from "effect"
import { SMTPServer } from "smtp-server"
import { actorOf, organizationRow, TestDatabase } from "../../test/index.js"
import { actingAs } from "../crm/actor.js"
import { JobQueue } from "../jobs/job-queue.js"
import { JobRunner } from "../jobs/job-runner.js"
import { MailTransport } from "./mail-transport.js"
import { MAIL_SEND_JOB, Mailer, MailJobs, Outbox } from "./mailer.js"

interface Received {
  readonly from: string
  readonly to: ReadonlyArray<string>
  readonly raw: string
}

/** A real SMTP server on a socket (port 0); `refuse` rejects the first n messages with a 451. */
const startSmtp = (refuse = 0) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly received: Array<Received>; readonly server: SMTPServer }>(
      (resume) => {
        const received: Array<Received> = []
        let refusals = refuse
        const server = new SMTPServer({
          authOptional: true,
          disabledCommands: ["STARTTLS"],
          onData(stream, session, callback) {
            const chunks: Array<Buffer> = []
            stream.on("data", (chunk: Buffer) => chunks.push(chunk))
            stream.on("end", () => {
              if (refusals > 0) {
                refusals--
                const error = Object.assign(new Error("mailbox busy, try later"), { responseCode: 451 })
                callback(error)
                return
              }
              received.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
                raw: Buffer.concat(chunks).toString("utf8"),
              })
              callback()
            })
          },
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.server.address() as AddressInfo
          resume(Effect.succeed({ url: `smtp://127.0.0.1:${port}`, received, server }))
        })
      },
    ),
    ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve()))),
  )

const organizationId = "00000000-0000-4000-8000-00000000000a"

const report = {
  to: ["admin1@demo.test", "admin2@demo.test"] as const,
  subject: "Client mapping report",
  text: "Mapped: Acme Corp\nUnmapped: Globex (no account of that name)",
  html: "<p>Mapped: <b>Acme Corp</b></p><p>Unmapped: Globex (no account of that name)</p>",
}

const mailLayers = (transport: Layer.Layer<MailTransport>) => {
  const runner = JobRunner.layer({ retryBaseDelay: "1 second", retryMaxDelay: "1 minute" })
  return Layer.mergeAll(
    Mailer.Default,
    Outbox.Default,
    MailJobs,
    JobQueue.Default,
    Layer.effectDiscard(organizationRow(organizationId)),
  ).pipe(Layer.provideMerge(Layer.mergeAll(transport, runner, JobQueue.Default)))
}

describe("Mailer", () => {
  it.layer(TestDatabase)((it) => {
    it.effect("without SMTP, records the message in the outbox as its only destination", () =>
      Effect.gen(function* () {
        const mailer = yield* Mailer
        const outbox = yield* Outbox
        const queue = yield* JobQueue
        const sent = yield* mailer.send(organizationId, report)
        expect(sent.status).toBe("stored")
        const { items } = yield* outbox.list(organizationId)
        expect(items.map((m) => [m.id, m.recipients, m.subject, m.html])).toEqual([
          [sent.id, [...report.to], report.subject, report.html],
        ])
        const jobs = yield* queue.list({ organizationId, kind: MAIL_SEND_JOB })
        expect(jobs.items).toEqual([])
      }).pipe(Effect.provide(mailLayers(MailTransport.outboxOnly))),
    )

    it.effect("shows the outbox to the organization's administrators only", () =>
      Effect.gen(function* () {
        const mailer = yield* Mailer
        const outbox = yield* Outbox
        const sent = yield* mailer.send(organizationId, report)
        const page = yield* outbox.listOwn().pipe(actingAs(actorOf(organizationId, true)))
        expect(page.items.map((m) => m.id)).toContain(sent.id)
        const refused = yield* outbox.listOwn().pipe(actingAs(actorOf(organizationId, false)), Effect.flip)
        expect(refused._tag).toBe("NotAdministrator")
      }).pipe(Effect.provide(mailLayers(MailTransport.outboxOnly))),
    )

    it.effect(
      "with SMTP, delivers recipients, subject, text and html over a socket and marks the row sent",
      () =>
        Effect.gen(function* () {
          const smtp = yield* startSmtp()
          yield* Effect.gen(function* () {
            const mailer = yield* Mailer
            const outbox = yield* Outbox
            const runner = yield* JobRunner
            const queued = yield* mailer.send(organizationId, report)
            expect(queued.status).toBe("queued")
            expect(yield* runner.runOnce).toBe(1)
            expect(smtp.received).toHaveLength(1)
            const [mail] = smtp.received
            expect(mail?.to).toEqual([...report.to])
            expect(mail?.raw).toContain(`Subject: ${report.subject}`)
            expect(mail?.raw).toContain("Mapped: Acme Corp")
            expect(mail?.raw).toContain("Unmapped: Globex (no account of that name)")
            expect(mail?.raw).toContain("<b>Acme Corp</b>")
            expect(mail?.raw).toContain("text/html")
            const row = (yield* outbox.list(organizationId)).items.find((m) => m.id === queued.id)
            expect(row?.status).toBe("sent")
            expect(row?.sentAt).not.toBeNull()
          }).pipe(Effect.provide(mailLayers(MailTransport.smtp(Redacted.make(smtp.url)))))
        }).pipe(Effect.scoped),
    )

    it.effect("records a refused delivery on the outbox row and retries it through the job", () =>
      Effect.gen(function* () {
        const smtp = yield* startSmtp(1)
        yield* Effect.gen(function* () {
          const mailer = yield* Mailer
          const outbox = yield* Outbox
          const runner = yield* JobRunner
          const queue = yield* JobQueue
          const queued = yield* mailer.send(organizationId, { ...report, subject: "Retried report" })
          yield* runner.runOnce
          const failedOnce = (yield* outbox.list(organizationId)).items.find((m) => m.id === queued.id)
          expect(failedOnce?.status).toBe("queued")
          expect(failedOnce?.error).toContain("mailbox busy")
          const job = (yield* queue.list({ organizationId, kind: MAIL_SEND_JOB, status: ["queued"] }))
            .items[0]
          expect(job?.error?.tag).toBe("MailDeliveryFailed")
          yield* TestClock.adjust("1 minute")
          expect(yield* runner.runOnce).toBe(1)
          const delivered = (yield* outbox.list(organizationId)).items.find((m) => m.id === queued.id)
          expect(delivered?.status).toBe("sent")
          expect(delivered?.attempts).toBe(2)
          expect(smtp.received.map((m) => m.raw.includes("Subject: Retried report"))).toEqual([true])
        }).pipe(Effect.provide(mailLayers(MailTransport.smtp(Redacted.make(smtp.url)))))
      }).pipe(Effect.scoped),
    )

    it.effect("pages through an organization's outbox newest first", () =>
      Effect.gen(function* () {
        const mailer = yield* Mailer
        const outbox = yield* Outbox
        const other = "00000000-0000-4000-8000-00000000000b"
        const ids: Array<string> = []
        for (let i = 0; i < 3; i++) {
          ids.push((yield* mailer.send(other, { ...report, subject: `Report ${i}` })).id)
          yield* TestClock.adjust("1 second")
        }
        const first = yield* outbox.list(other, undefined, { limit: 2 })
        expect(first.items.map((m) => m.id)).toEqual([ids[2], ids[1]])
        const second = yield* outbox.list(other, first.nextCursor ?? undefined, { limit: 2 })
        expect(second.items.map((m) => m.id)).toEqual([ids[0]])
        expect(second.nextCursor).toBeNull()
        expect((yield* outbox.list(other, "garbage").pipe(Effect.flip))._tag).toBe("InvalidOutboxCursor")
      }).pipe(Effect.provide(mailLayers(MailTransport.outboxOnly))),
    )
  })
})
