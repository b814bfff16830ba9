import { NativeConnection } from '@temporalio/worker';
import { loadTemporalSettings } from './temporalSettings.js';
import type { TemporalTokens } from './temporalTokens.js';

/** The worker's native connection, and the namespace its worker polls in. (The API's client is client/connection.ts.) */
export async function connectWorker(
  env: NodeJS.ProcessEnv = process.env,
  tokens?: TemporalTokens,
): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = loadTemporalSettings(env);
  const connection = await NativeConnection.connect({ ...connectionOptions, ...(tokens && { apiKey: tokens.current() }) });
  // A connection that is closing refuses the new key; the next connection starts with the current one anyway.
  tokens?.onRefresh((token) => void connection.setApiKey(token).catch(() => undefined));
  return { connection, namespace };
}
