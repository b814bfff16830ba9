import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadTemporalSettings } from '../platform/temporalSettings.js';
import type { TemporalTokens } from '../platform/temporalTokens.js';

/** The Temporal client every operation of this module takes: one per process. */
export type TemporalClient = Client;

/**
 * The API's client: the connection and namespace of the Temporal settings (profile and TEMPORAL_* variables), and the
 * data converter the workers use (platform/temporalDataConverter.ts).
 */
export async function connectClient(
  env: NodeJS.ProcessEnv,
  options: { dataConverter: DataConverter; interceptors?: ClientInterceptors | undefined; tokens?: TemporalTokens | undefined },
): Promise<Client> {
  const { connectionOptions, namespace } = loadTemporalSettings(env);
  const { tokens } = options;
  // The SDK asks for the key with every call, so a refreshed token is sent from the next call on.
  const connection = await Connection.connect({ ...connectionOptions, ...(tokens && { apiKey: () => tokens.current() }) });
  return new Client({ connection, namespace, dataConverter: options.dataConverter, ...(options.interceptors && { interceptors: options.interceptors }) });
}

/** Asks the server for its system info: resolves when Temporal answers. */
export const checkTemporal = (temporal: Client): Promise<unknown> => temporal.connection.workflowService.getSystemInfo({});
