import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Tracing } from '../platform/tracing.js';

/**
 * The workflow half of the interceptors: spans inside the sandbox and the trace context passed on to activities, then
 * the trace scope the request's closing steps run in (workflows/traceScope.ts).
 */
export const workflowTracingModules = [
  createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
  fileURLToPath(new URL('./workflowTraceScope.ts', import.meta.url)),
];

/**
 * Workflow interceptors are part of the workflow bundle, and a bundle built ahead (`npm run bundle-workflows`, the
 * image) cannot know whether the worker that loads it will trace. So each bundle is built twice: `<name>.js` without
 * interceptors, which costs an untraced worker nothing, and `<name>.traced.js` with them, which a tracing worker loads.
 */
export const tracedBundlePath = (path: string) => path.replace(/(\.js)?$/, '.traced.js');

/**
 * What a tracing worker adds: a span around every activity, local ones included, continuing the trace of the workflow
 * that scheduled it; the sink through which the sandbox hands its workflow spans to the SDK for export; and, unless the
 * workflows come from a bundle (then the traced one), the workflow interceptors to bundle at start.
 */
export function workerTracingOptions(tracing: Tracing, { bundled }: { bundled: boolean }): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  type Processor = Parameters<typeof makeWorkflowExporter>[0];
  type Resource = Parameters<typeof makeWorkflowExporter>[1];
  return {
    interceptors: {
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
      ...(!bundled && { workflowModules: workflowTracingModules }),
    },
    sinks: {
      exporter: makeWorkflowExporter(fromWorkflowSandbox(tracing.spanProcessor) as unknown as Processor, tracing.resource as unknown as Resource),
    },
  };
}

type SandboxSpan = ReadableSpan & { parentSpanId?: string; instrumentationLibrary?: ReadableSpan['instrumentationScope'] };

/**
 * The interceptors record workflow spans with OpenTelemetry JS 1.x; the 2.x exporter looks for the parent and the
 * instrumentation scope under their 2.x names, and without them would export the spans unparented, or fail.
 */
function fromWorkflowSandbox(next: SpanProcessor): SpanProcessor {
  return {
    onStart() {},
    onEnd(span) {
      const { parentSpanId, instrumentationLibrary, ...rest } = span as SandboxSpan;
      const { traceId, traceFlags } = span.spanContext();
      next.onEnd({
        ...rest,
        instrumentationScope: rest.instrumentationScope ?? instrumentationLibrary ?? { name: '@temporalio/interceptor-workflow' },
        parentSpanContext: rest.parentSpanContext ?? (parentSpanId ? { traceId, spanId: parentSpanId, traceFlags } : undefined),
      });
    },
    forceFlush: () => next.forceFlush(),
    shutdown: () => Promise.resolve(),
  };
}
