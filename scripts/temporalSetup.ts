/**
 * The compose file's `temporal-setup`: waits until the Temporal frontend answers, then registers the namespace and
 * the search attributes (platform/temporalSetup.ts, the steps `npm run cluster` takes), as the cluster's
 * administrator: TEMPORAL_ADDRESS and the SDK's TLS variables with the admin's certificate, TEMPORAL_AUTH_* with the
 * admin's client credentials. Exits 0 when done, 1 with the reason otherwise.
 */
import { ConfigError } from '../platform/configError.js';
import { frontendServing, registerNamespace } from '../platform/temporalSetup.js';
import { loadTemporalSettings } from '../platform/temporalSettings.js';

const log = (line: string) => console.log(`[temporal-setup] ${line}`);
const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));

try {
  loadTemporalSettings(env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}

const deadline = Date.now() + 5 * 60_000;
for (;;) {
  try {
    await frontendServing(env);
    break;
  } catch (error) {
    if (Date.now() > deadline) {
      console.error(`The Temporal frontend at ${env.TEMPORAL_ADDRESS} did not answer within 5 minutes: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
await registerNamespace(env, log);
log('namespace and search attributes ready');
