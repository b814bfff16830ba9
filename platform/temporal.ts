import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from './config.js';

type TemporalSettings = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_API_KEY' | 'TEMPORAL_TLS_CERT_PATH' | 'TEMPORAL_TLS_KEY_PATH' | 'TEMPORAL_TLS_SERVER_NAME'
>;

/** TLS with a client certificate, or an API key (Temporal Cloud); plain gRPC otherwise. */
async function connectionOptions(config: TemporalSettings) {
  const options: ConnectionOptions & NativeConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH) {
    options.tls = {
      ...(config.TEMPORAL_TLS_SERVER_NAME && { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME }),
      clientCertPair: {
        crt: await readFile(config.TEMPORAL_TLS_CERT_PATH),
        key: await readFile(config.TEMPORAL_TLS_KEY_PATH),
      },
    };
  }
  if (config.TEMPORAL_API_KEY) {
    options.apiKey = config.TEMPORAL_API_KEY;
    options.tls ??= true;
  }
  return options;
}

export async function connectClient(config: TemporalSettings & Pick<Config, 'TEMPORAL_NAMESPACE'>): Promise<Client> {
  const connection = await Connection.connect(await connectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

export async function connectWorker(config: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(await connectionOptions(config));
}
