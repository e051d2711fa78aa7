import { context, diag, DiagLogLevel, trace } from "@opentelemetry/api";
import type { Logger } from "@flotilla/log";

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: empty leaves tracing off (and the SDK unloaded). */
  endpoint: string;
  /** `service.name` of the spans, e.g. `flotilla-qa`. */
  serviceName: string;
  /** `service.instance.id`: the team instance. */
  instanceId: string;
  /** Where the SDK's own warnings go (an unreachable receiver, dropped spans). */
  logger: Logger;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Exports the spans still buffered, then stops: call it before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when an OTLP endpoint is configured: spans are batched and sent
 * as OTLP/HTTP JSON to `<endpoint>/v1/traces` (the exporter reads the standard OTEL_EXPORTER_OTLP_*
 * variables itself). The SDK is imported only here, so a team without an endpoint never loads it.
 *
 * @example
 * const tracing = await startTracing({ endpoint, serviceName: "flotilla-qa", instanceId, logger });
 * process.once("SIGTERM", () => void tracing.shutdown());
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (!options.endpoint) return { enabled: false, shutdown: async () => {} };
  const [sdk, otlp, resources, hooks] = await Promise.all([
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/context-async-hooks"),
  ]);
  const log = options.logger;
  diag.setLogger(
    {
      error: (message, ...args) => log.warn({ args }, `opentelemetry: ${message}`),
      warn: (message, ...args) => log.warn({ args }, `opentelemetry: ${message}`),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  const provider = new sdk.TracerProvider({
    resource: resources.resourceFromAttributes({
      "service.name": options.serviceName,
      "service.instance.id": options.instanceId,
    }),
    spanProcessors: [new sdk.BatchSpanProcessor({ exporter: new otlp.OTLPTraceExporter() })],
  });
  // Spans follow async work (awaits, timers) only with a context manager.
  context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  log.info({ endpoint: options.endpoint, service: options.serviceName }, "tracing: spans exported over OTLP/HTTP");
  return {
    enabled: true,
    async shutdown() {
      await provider.shutdown().catch((err: unknown) => log.warn({ err: String(err) }, "tracing: final export failed"));
    },
  };
}
