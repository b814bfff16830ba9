import { serviceNames, startTracing } from '../platform/tracing.js';

/**
 * The first import of worker/main.ts: ES modules run in import order, and the MongoDB instrumentation can only hook the
 * driver if the SDK starts before any module imports `mongodb`. Undefined (nothing started) without an OTLP endpoint.
 */
export const tracing = startTracing(serviceNames.worker);
