/**
 * Tracing: every `Effect.fn` and `Effect.withSpan` span exported over OTLP/HTTP (JSON) when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set; off otherwise, so the embedded default sends nothing anywhere.
 * The exporter is Effect's own (no OpenTelemetry SDK in the process), batching spans in the background.
 */
import { OtlpSerialization, OtlpTracer } from "@effect/opentelemetry"
import { FetchHttpClient } from "@effect/platform"
import { type Config, type Duration, Effect, Layer, Option } from "effect"
import { TracingConfig } from "../config/index.js"

export interface TracingOptions {
  /** The collector's base URL; spans go to `<endpoint>/v1/traces`, as the OTLP exporters agree. */
  readonly endpoint: URL
  readonly serviceName: string
  /** How often batched spans leave the process. */
  readonly exportInterval?: Duration.DurationInput
}

export { TracingConfig }

const tracesUrl = (endpoint: URL) =>
  new URL("v1/traces", endpoint.href.endsWith("/") ? endpoint : `${endpoint.href}/`)

/** The OTLP tracer for these options. */
export const otlpTracing = (options: TracingOptions) =>
  OtlpTracer.layer({
    url: tracesUrl(options.endpoint).href,
    resource: { serviceName: options.serviceName },
    exportInterval: options.exportInterval ?? "5 seconds",
  }).pipe(Layer.provide([FetchHttpClient.layer, OtlpSerialization.layerJson]))

/** Tracing as configured: OTLP when an endpoint is set, nothing otherwise. */
export const tracingLayer = (config: Config.Config.Success<typeof TracingConfig>) =>
  Option.match(config.endpoint, {
    onNone: () => Layer.empty,
    onSome: (endpoint) => otlpTracing({ endpoint, serviceName: config.serviceName }),
  })

/** Tracing as the environment configures it; a malformed endpoint fails with the variable's name. */
export const TracingLive = Layer.unwrapEffect(Effect.map(TracingConfig, tracingLayer))
