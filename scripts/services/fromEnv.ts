/**
 * How a test (or any process) finds the real services: `npm test` puts their addresses in the environment
 * of the test runner, as do `npm run dev` for the worker and the API.
 */
export interface ServiceAddresses {
  temporalAddress: string;
  mongoUri: string;
}

/** The addresses from TEMPORAL_ADDRESS and MONGODB_URI, or undefined when either is missing. */
export function servicesInEnv(env: NodeJS.ProcessEnv = process.env): ServiceAddresses | undefined {
  const temporalAddress = env.TEMPORAL_ADDRESS;
  const mongoUri = env.MONGODB_URI;
  return temporalAddress && mongoUri ? { temporalAddress, mongoUri } : undefined;
}

/** Like `servicesInEnv`, but says how to run the tests instead of returning undefined. */
export function requireServices(env: NodeJS.ProcessEnv = process.env): ServiceAddresses {
  const found = servicesInEnv(env);
  if (!found) {
    throw new Error(
      'This test needs real services: run it with `npm test` (which starts them), or set TEMPORAL_ADDRESS and MONGODB_URI (e.g. from `npm run services`).',
    );
  }
  return found;
}
