import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadTemporalSettings } from './temporalSettings.js';

/** The API's client: the connection and namespace of the Temporal settings (profile and TEMPORAL_* variables). */
export async function connectClient(env: NodeJS.ProcessEnv = process.env, interceptors?: ClientInterceptors): Promise<Client> {
  const { connectionOptions, namespace } = loadTemporalSettings(env);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace, ...(interceptors && { interceptors }) });
}

/** The worker's native connection, and the namespace its worker polls in. */
export async function connectWorker(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = loadTemporalSettings(env);
  return { connection: await NativeConnection.connect(connectionOptions), namespace };
}
