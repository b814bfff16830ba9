import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Logger } from './logger.js';
import { tracingRequested, tracingSettingsProblems } from './tracingSettings.js';

export const serviceNames = { api: 'reseller-relationships-api', worker: 'reseller-relationships-worker' } as const;

export type Tracing = {
  resource: Resource;
  /** Exports the spans given to it; the worker hands it the spans recorded inside the workflow sandbox. */
  spanProcessor: SpanProcessor;
  /** OpenTelemetry's own errors (an unreachable receiver, say) as warnings in our log. */
  reportErrorsTo(log: Logger): void;
  /** Exports what is still buffered; never fails the caller's shutdown. */
  shutdown(): Promise<void>;
};

/**
 * Starts the OpenTelemetry SDK when `tracingRequested`: OTLP over HTTP, batched, with the MongoDB driver instrumented.
 * The SDK reads the standard variables itself (OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES over `serviceName`,
 * OTEL_EXPORTER_OTLP_*, OTEL_BSP_*, OTEL_TRACES_SAMPLER…).
 * The driver is hooked as it loads: call this before anything imports `mongodb` (see api/instrumentation.ts).
 */
export function startTracing(serviceName: string, options: { spanProcessors?: SpanProcessor[] } = {}): Tracing | undefined {
  // A bad endpoint is reported by the configuration check, which then stops the process.
  if (!tracingRequested() || tracingSettingsProblems().length > 0) return undefined;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [...(options.spanProcessors ?? []), spanProcessor] });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new MongoDBInstrumentation()] });
  return {
    resource,
    spanProcessor,
    reportErrorsTo(log) {
      const warn = (message: string, ...args: unknown[]) => log.warn({ args }, `opentelemetry: ${message}`);
      diag.setLogger({ error: warn, warn, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
    },
    shutdown: () => provider.shutdown().catch((error: unknown) => diag.warn('spans not exported at shutdown', error)),
  };
}
