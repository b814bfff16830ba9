import { tracing } from './instrumentation.js';
import { serve } from '@hono/node-server';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { connectClient } from '../client/index.js';
import { accessTokenPolicy, apiSettingsProblems, operatorTokenPolicy, temporalAuthSettings, loadConfigOrExit, webhookSettingsProblems } from '../platform/config.js';
import { createInvitationLinks } from '../platform/invitationTokens.js';
import { createLogger } from '../platform/logger.js';
import { keyringFromConfig } from '../platform/secretKeys.js';
import { watchEventLoop } from '../platform/eventLoopWatch.js';
import { connectDatabase } from '../platform/mongo.js';
import { payloadKeyring, temporalDataConverter } from '../platform/temporalDataConverter.js';
import { startTemporalTokens } from '../platform/temporalTokens.js';
import { createSecretBox, webhookSecretKey } from '../platform/webhookSecrets.js';
import { createApp } from './app.js';
import { createAccessTokenVerifier } from './identity/accessTokens.js';
import { createCustomerSignIn } from './identity/customerSignIn.js';
import { createOperatorTokenVerifier } from './identity/operatorTokens.js';
import { createPartnerSignIn } from './identity/partnerSignIn.js';
import { createApiMetrics } from './metrics.js';
import { sweepExpiredQuotaEvents } from './quotas.js';
import { httpTracing } from './tracing.js';

const config = loadConfigOrExit(process.env, [apiSettingsProblems, webhookSettingsProblems]);
const log = createLogger({ level: config.LOG_LEVEL, name: 'api' });
tracing?.reportErrorsTo(log);
log.info({ NODE_ENV: config.NODE_ENV, customerSignIn: config.CUSTOMER_SIGN_IN === 'oidc' }, `api starting in ${config.NODE_ENV} mode`);
const keys = keyringFromConfig(config);

const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB, { log });
watchEventLoop(log);
const quotaSweeper = sweepExpiredQuotaEvents(database.collections, undefined, (err) => log.warn({ err }, 'removing expired quota events failed'));
const dataConverter = temporalDataConverter(payloadKeyring(config));
const temporalAuth = temporalAuthSettings(config);
const temporalTokens = temporalAuth && (await startTemporalTokens(temporalAuth, (err) => log.warn({ err }, 'refreshing the Temporal token failed; retrying')));
const temporal = await connectClient(process.env, {
  dataConverter,
  tokens: temporalTokens,
  interceptors: tracing && { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
});
let draining = false;
const metrics = config.METRICS_PORT ? createApiMetrics() : undefined;
const tokenPolicy = accessTokenPolicy(config);
const accessTokens = tokenPolicy && createAccessTokenVerifier(tokenPolicy);
const operatorPolicy = operatorTokenPolicy(config);
const temporalCodec = operatorPolicy && {
  codec: dataConverter.payloadCodecs![0]!,
  verify: createOperatorTokenVerifier({ ...operatorPolicy, namespace: temporal.options.namespace }),
  namespace: temporal.options.namespace,
  allowedOrigins: config.CODEC_ALLOWED_ORIGINS,
};
// Customers and partner users sign in with the same provider and client, each with a redirect URI of its own.
const signInClient =
  config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET
    ? {
        issuer: config.OIDC_ISSUER,
        clientId: config.OIDC_CLIENT_ID,
        clientSecret: config.OIDC_CLIENT_SECRET,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        secureCookies: config.NODE_ENV !== 'development' || config.PUBLIC_BASE_URL.startsWith('https:'),
        keys,
      }
    : undefined;
const customerSignIn =
  config.CUSTOMER_SIGN_IN === 'oidc' && signInClient
    ? createCustomerSignIn({
        ...signInClient,
        expectedTenantOf: async (requestId) => (await database.collections.requests.findOne({ _id: requestId }))?.customerTenantId,
        isCustomerTenant: async (tenantId) => (await database.collections.customers.findOne({ _id: tenantId })) !== null,
        onFailure: (failure) => log.warn({ failure }, 'customer sign-in did not complete'),
      })
    : undefined;
const partnerSignIn =
  signInClient &&
  createPartnerSignIn({
    ...signInClient,
    partnerOf: async (tenantId) => {
      const partner = await database.collections.partners.findOne({ _id: tenantId });
      return partner ? { name: partner.name } : undefined;
    },
    onFailure: (failure) => log.warn({ failure }, 'partner sign-in did not complete'),
  });
const metricsServer = metrics && config.METRICS_PORT ? metrics.serve(config.METRICS_PORT, config.HOST) : undefined;

const app = createApp(
  {
    database,
    temporal,
    links: createInvitationLinks({ keys, publicBaseUrl: config.PUBLIC_BASE_URL }),
    log,
    config,
    trustedProxies: config.TRUSTED_PROXIES,
    webhooks: { secrets: createSecretBox(webhookSecretKey(config)), allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK },
    ...(accessTokens && { accessTokens }),
    ...(customerSignIn && { customerSignIn }),
    ...(partnerSignIn && { partnerSignIn }),
    ...(temporalCodec && { temporalCodec }),
  },
  { isDraining: () => draining, ...(metrics && { metrics: metrics.middleware }), ...(tracing && { tracing: httpTracing() }) },
);

const server = serve(
  {
    fetch: app.fetch,
    hostname: config.HOST,
    port: config.PORT,
    serverOptions: { keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT, headersTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT + 1_000 },
  },
  (info) => {
    log.info(
      { url: `http://${info.address}:${info.port}`, publicBaseUrl: config.PUBLIC_BASE_URL, metricsPort: config.METRICS_PORT, tracing: Boolean(tracing) },
      'api listening',
    );
  },
);

async function shutdown(signal: string) {
  if (draining) return;
  draining = true;
  log.info({ signal }, 'draining api: readiness is 503 from now');
  // Load balancers see /readyz fail before the listener closes, so no new request lands on a closing server.
  await new Promise((resolve) => setTimeout(resolve, config.READINESS_DRAIN_DELAY_MS));
  const forced = setTimeout(() => {
    log.warn('grace period over; closing remaining connections');
    if ('closeAllConnections' in server) server.closeAllConnections();
  }, config.SHUTDOWN_GRACE);
  forced.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(forced);
  metricsServer?.close();
  quotaSweeper.stop();
  temporalTokens?.stop();
  await temporal.connection.close();
  await database.close();
  await tracing?.shutdown();
  log.info('api stopped');
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
