/**
 * How a request's closing steps join the trace of the decision that closed it, without this bundle depending on
 * OpenTelemetry: a tracing worker's bundle carries an interceptor module (worker/workflowTraceScope.ts) that installs
 * the sandbox's trace context here. In a plain bundle nothing is installed, nothing is captured, and each step simply
 * runs, so an untraced worker's workflows evaluate no OpenTelemetry code at all. Neither way changes a command, so
 * replay is unaffected.
 */
export type TraceScope = {
  active(): unknown;
  with<T>(context: unknown, run: () => Promise<T>): Promise<T>;
};

let installed: TraceScope | undefined;

export function installTraceScope(scope: TraceScope): void {
  installed = scope;
}

/** The current trace context, to continue later; undefined without tracing. */
export const currentTraceContext = (): unknown => installed?.active();

/** Runs `run` in `context` (one `currentTraceContext` gave), or as it is without one. */
export const inTraceContext = <T>(context: unknown, run: () => Promise<T>): Promise<T> =>
  installed && context !== undefined ? installed.with(context, run) : run();
