/**
 * Tracing follows OpenTelemetry's own variables, read by its SDK (platform/tracing.ts); this module only decides whether
 * it starts, and checks the endpoint with the rest of the configuration (platform/config.ts).
 */
const endpointVariables = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const;
const isHttpUrl = (value: string) => /^https?:\/\//i.test(value) && URL.canParse(value);

/** Traces are exported only to an OTLP endpoint someone set; without one nothing is started at all. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return endpointVariables.some((name) => Boolean(env[name]?.trim()));
}

export function tracingSettingsProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  return endpointVariables
    .filter((name) => {
      const value = env[name]?.trim();
      return value !== undefined && value !== '' && !isHttpUrl(value);
    })
    .map((name) => `${name}: must be the http(s) URL of an OTLP/HTTP receiver, e.g. http://127.0.0.1:4318`);
}
