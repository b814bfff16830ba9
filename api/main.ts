import { serve } from '@hono/node-server';
import { loadConfigOrExit } from '../platform/config.js';
import { createInvitationLinks } from '../platform/invitationTokens.js';
import { createLogger } from '../platform/logger.js';
import { connectDatabase } from '../platform/mongo.js';
import { connectClient } from '../platform/temporal.js';
import { createApp } from './app.js';

const config = loadConfigOrExit();
const log = createLogger({ level: config.LOG_LEVEL, name: 'api' });

const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB);
const temporal = await connectClient(config);
let draining = false;

const app = createApp(
  {
    database,
    temporal,
    links: createInvitationLinks({ secret: config.INVITATION_SECRET, publicBaseUrl: config.PUBLIC_BASE_URL }),
    log,
    config,
  },
  { isDraining: () => draining },
);

const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  log.info({ url: `http://${info.address}:${info.port}`, publicBaseUrl: config.PUBLIC_BASE_URL }, 'api listening');
});

async function shutdown(signal: string) {
  if (draining) return;
  draining = true;
  log.info({ signal }, 'draining api');
  const forced = setTimeout(() => {
    log.warn('grace period over; closing remaining connections');
    if ('closeAllConnections' in server) server.closeAllConnections();
  }, config.SHUTDOWN_GRACE);
  forced.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(forced);
  await temporal.connection.close();
  await database.close();
  log.info('api stopped');
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
