import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { otlpTracing, TracingLive } from "./index.js"

interface Received {
  readonly path: string
  readonly body: {
    resourceSpans: Array<{
      resource: unknown
      scopeSpans: Array<{
        spans: Array<{ name: string; traceId: string; parentSpanId?: string; spanId: string }>
      }>
    }>
  }
}

/** A collector on a real socket that keeps what the exporter posts. */
const collector = Effect.acquireRelease(
  Effect.async<{ url: URL; received: Array<Received>; close: () => Promise<void> }>((resume) => {
    const received: Array<Received> = []
    const server = createServer((request, response) => {
      let text = ""
      request.on("data", (chunk) => {
        text += chunk
      })
      request.on("end", () => {
        received.push({ path: request.url ?? "", body: JSON.parse(text) })
        response.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resume(
        Effect.succeed({
          url: new URL(`http://127.0.0.1:${port}/otlp`),
          received,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done())
              server.closeAllConnections()
            }),
        }),
      )
    })
  }),
  (server) => Effect.promise(server.close),
)

const spansOf = (received: ReadonlyArray<Received>) =>
  received.flatMap((post) => post.body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)))

const importProjects = Effect.fn("PortalSync.importProjects")(function* (count: number) {
  yield* Effect.fn("ProjectsClient.listProjects")(function* () {
    yield* Effect.sleep("1 millis")
  })()
  return count
})

describe("tracing", () => {
  it.scopedLive(
    "sends the spans of Effect.fn to the collector, with their parent, when an endpoint is set",
    () =>
      Effect.gen(function* () {
        const server = yield* collector
        // The layer's scope ends before the assertions: closing it flushes the batch.
        yield* importProjects(3).pipe(
          Effect.provide(
            otlpTracing({ endpoint: server.url, serviceName: "crm-projects-test", exportInterval: "1 hour" }),
          ),
        )
        expect(server.received.map((post) => post.path)).toContain("/otlp/v1/traces")
        const spans = spansOf(server.received)
        const parent = spans.find((span) => span.name === "PortalSync.importProjects")
        const child = spans.find((span) => span.name === "ProjectsClient.listProjects")
        expect(parent).toBeDefined()
        expect(child?.traceId).toBe(parent?.traceId)
        expect(child?.parentSpanId).toBe(parent?.spanId)
        expect(JSON.stringify(server.received[0]?.body.resourceSpans[0]?.resource)).toContain(
          "crm-projects-test",
        )
      }),
  )

  it.scopedLive("sends nothing when OTEL_EXPORTER_OTLP_ENDPOINT is not set", () =>
    Effect.gen(function* () {
      const server = yield* collector
      const withEnv = (env: Record<string, string>) =>
        Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
      yield* importProjects(1).pipe(Effect.provide(TracingLive.pipe(Layer.provide(withEnv({})))))
      expect(server.received).toEqual([])
      yield* importProjects(1).pipe(
        Effect.provide(
          TracingLive.pipe(Layer.provide(withEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: server.url.href }))),
        ),
      )
      expect(spansOf(server.received).map((span) => span.name)).toContain("PortalSync.importProjects")
    }),
  )
})
