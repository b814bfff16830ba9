/**
 * A workflow interceptor module of the traced bundle only (worker/tracing.ts): it installs the sandbox's OpenTelemetry
 * context as the workflows' trace scope (workflows/traceScope.ts), and adds no interceptor of its own.
 */
import { context } from '@opentelemetry/api';
import type { WorkflowInterceptors } from '@temporalio/workflow';
import { installTraceScope } from '../workflows/traceScope.js';

installTraceScope({
  active: () => context.active(),
  with: (traceContext, run) => context.with(traceContext as ReturnType<typeof context.active>, run),
});

export const interceptors = (): WorkflowInterceptors => ({});
