/**
 * The Temporal namespace this product runs in, and the one-off steps that set it up: register the namespace and its
 * search attributes. Run by `npm run cluster` and by the compose file's `temporal-setup` (scripts/temporalSetup.ts),
 * each as the cluster's administrator (a certificate and a token whose roles say so, when the server asks for them).
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { searchAttributeNames } from '../workflows/searchAttributes.js';
import { temporalAuthSettings } from './config.js';
import { loadTemporalSettings } from './temporalSettings.js';
import { startTemporalTokens } from './temporalTokens.js';

export const temporalNamespace = { name: 'default', retentionDays: 7 } as const;

/**
 * The connection options of a client with these variables (TEMPORAL_ADDRESS, TLS), read as the apps read theirs but
 * without the user's own Temporal config file, and with the TEMPORAL_AUTH_* client credentials a token good for an
 * hour: enough for the short uses of setup steps, checks and benchmarks.
 */
export async function connectionOptionsOf(clientEnv: Record<string, string>) {
  const { connectionOptions } = loadTemporalSettings({ TEMPORAL_CONFIG_FILE: '/dev/null', ...clientEnv });
  const auth = temporalAuthSettings(clientEnv);
  if (!auth) return connectionOptions;
  const tokens = await startTemporalTokens(auth, () => {});
  tokens.stop();
  return { ...connectionOptions, apiKey: tokens.current() };
}

/** Resolves when the frontend answers this client. */
export async function frontendServing(clientEnv: Record<string, string>): Promise<void> {
  const connection = await Connection.connect({ ...(await connectionOptionsOf(clientEnv)), connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
  } finally {
    await connection.close();
  }
}

/**
 * Registers the namespace and the search attributes when they are missing. A new namespace or attribute reaches every
 * service through its namespace cache, refreshed every 10 s: after registering the namespace, wait that long, so the
 * first request never meets "namespace not found" or an undefined attribute.
 */
export async function registerNamespace(clientEnv: Record<string, string>, log: (line: string) => void): Promise<void> {
  const connection = await Connection.connect(await connectionOptionsOf(clientEnv));
  try {
    const namespace = temporalNamespace.name;
    const exists = await connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false);
    if (!exists) {
      log(`registering namespace ${namespace}`);
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${temporalNamespace.retentionDays} days`),
      });
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = searchAttributeNames.filter((name) => !customAttributes?.[name]);
        if (missing.length === 0) break;
        log(`registering search attributes ${missing.join(', ')}`);
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map((name) => [name, 2 /* INDEXED_VALUE_TYPE_KEYWORD */])),
        });
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    if (!exists) await new Promise((resolve) => setTimeout(resolve, 11_000));
  } finally {
    await connection.close();
  }
}
