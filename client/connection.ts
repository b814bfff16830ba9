import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import { loadTemporalSettings } from '../platform/temporalSettings.js';

/** The Temporal client every operation of this module takes: one per process. */
export type TemporalClient = Client;

/** The API's client: the connection and namespace of the Temporal settings (profile and TEMPORAL_* variables). */
export async function connectClient(env: NodeJS.ProcessEnv = process.env, interceptors?: ClientInterceptors): Promise<Client> {
  const { connectionOptions, namespace } = loadTemporalSettings(env);
  const connection = await Connection.connect(connectionOptions);
  return new Client({ connection, namespace, ...(interceptors && { interceptors }) });
}

/** Asks the server for its system info: resolves when Temporal answers. */
export const checkTemporal = (temporal: Client): Promise<unknown> => temporal.connection.workflowService.getSystemInfo({});
