import { NativeConnection } from '@temporalio/worker';
import { loadTemporalSettings } from './temporalSettings.js';

/** The worker's native connection, and the namespace its worker polls in. (The API's client is client/connection.ts.) */
export async function connectWorker(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = loadTemporalSettings(env);
  return { connection: await NativeConnection.connect(connectionOptions), namespace };
}
