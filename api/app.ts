import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { invitationPageCss } from '../content/invitationPage.js';
import { bearerAuth } from './auth.js';
import { bodyLimit } from './bodyLimit.js';
import { resolveClientAddress } from './clientAddress.js';
import type { ApiDeps, AppEnv } from './deps.js';
import { isDependencyUnavailable } from './dependencyErrors.js';
import { docsCss, renderDocsPage } from './docsPage.js';
import { allowedMethodsFor } from './methodNotAllowed.js';
import { openApiDocumentConfig, registerSecuritySchemes } from './openApiDocument.js';
import { noStore, pageHeaders, sameOriginForms } from './pageSecurity.js';
import { problemResponse, toProblem } from './problem.js';
import { failedAuthenticationsPerClientNetwork, perClientNetwork, quotaGuard } from './quotas.js';
import { customerRoutes } from './routes/customers.js';
import { healthRoutes } from './routes/health.js';
import { invitationRoutes } from './routes/invitations.js';
import { partnerRelationshipRoutes } from './routes/partnerRelationships.js';
import { relationshipRequestBatchRoutes } from './routes/relationshipRequestBatches.js';
import { relationshipRequestRoutes } from './routes/relationshipRequests.js';
import { maxCodecBodyBytes, temporalCodecRoutes } from './routes/temporalCodec.js';
import { webhookEndpointRoutes } from './routes/webhookEndpoints.js';
import { workspaceRoutes } from './routes/workspace/index.js';
import { adminRelationshipRoutes } from './routes/adminRelationships.js';
import { workspaceScript } from '../content/workspace/script.js';
import { workspaceCss } from '../content/workspace/styles.js';
import { withoutInvitationToken } from './tracing.js';
import { validationHook } from './validation.js';

export const maxBodyBytes = 64 * 1024;
/** A batch of up to 1,000 customers, JSON or CSV. */
export const maxBatchBodyBytes = 2 * 1024 * 1024;
const batchesPath = '/v1/relationship-request-batches';
/** The workspace's upload of a CSV file of customers takes a batch's limit too. */
const workspaceBatchesPath = '/workspace/batches';
/** The Temporal UI's codec endpoint: `<PUBLIC_BASE_URL>/codec`. */
export const codecPath = '/codec';

export type AppOptions = { isDraining?: () => boolean; metrics?: MiddlewareHandler; tracing?: MiddlewareHandler };

/** The whole HTTP surface, composed from one router per concern. */
export function createApp(deps: ApiDeps, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  if (options.tracing) app.use(options.tracing);
  app.use(requestId());
  app.use(resolveClientAddress(deps.trustedProxies ?? []));
  if (options.metrics) app.use(options.metrics);
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: withoutInvitationToken(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        partner: c.get('partnerTenantId'),
        workflowId: c.get('workflowId'),
      },
      'request',
    );
  });
  const bodyLimits = { default: bodyLimit(maxBodyBytes), batch: bodyLimit(maxBatchBodyBytes), codec: bodyLimit(maxCodecBodyBytes) };
  app.use((c, next) =>
    (c.req.path === batchesPath || c.req.path === workspaceBatchesPath ? bodyLimits.batch : deps.temporalCodec && c.req.path.startsWith(`${codecPath}/`) ? bodyLimits.codec : bodyLimits.default)(c, next),
  );

  app.route('/', healthRoutes(deps, options.isDraining));
  const stylesheet = (css: string) => (c: Context) =>
    c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' });
  app.get('/assets/invitation.css', stylesheet(invitationPageCss));
  app.get('/assets/docs.css', stylesheet(docsCss));
  app.get('/assets/workspace.css', stylesheet(workspaceCss));
  app.get('/assets/workspace.js', (c) => c.body(workspaceScript, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  const guard = quotaGuard(deps);
  const invitationRateLimit = perClientNetwork(guard, guard.quotas.invitationPages);
  app.use('/invitations/*', invitationRateLimit, pageHeaders(), noStore());
  app.use('/invitations/*', sameOriginForms(deps.config.PUBLIC_BASE_URL));
  app.route('/invitations', invitationRoutes(deps));
  const { customerSignIn } = deps;
  if (deps.config.CUSTOMER_SIGN_IN === 'oidc' && customerSignIn) {
    app.get('/auth/callback', invitationRateLimit, pageHeaders(), noStore(), (c) => customerSignIn.callback(c));
  }
  if (deps.partnerSignIn) {
    // The sign-in's own steps, which anyone may call, take the per-network limit of the invitation pages; the signed-in
    // pages do not (several partner users behind one address work all day), and their actions take the API's quotas.
    app.use('/workspace/sign-in/*', invitationRateLimit);
    app.use('/workspace/auth/*', invitationRateLimit);
    app.use('/workspace', pageHeaders({ scripts: true }), noStore());
    app.use('/workspace/*', pageHeaders({ scripts: true }), noStore());
    app.use('/workspace/*', sameOriginForms(deps.config.PUBLIC_BASE_URL));
    app.route('/workspace', workspaceRoutes(deps, deps.partnerSignIn, { secureCookies: deps.config.PUBLIC_BASE_URL.startsWith('https:') }));
  }
  app.use('/partner-relationships/*', invitationRateLimit, pageHeaders(), noStore());
  app.use('/partner-relationships/*', sameOriginForms(deps.config.PUBLIC_BASE_URL));
  app.route('/partner-relationships', partnerRelationshipRoutes(deps));

  if (deps.temporalCodec) {
    app.use(`${codecPath}/*`, failedAuthenticationsPerClientNetwork(guard, guard.quotas.authFailures));
    app.route(codecPath, temporalCodecRoutes(deps.temporalCodec));
  }

  app.use('/v1/*', failedAuthenticationsPerClientNetwork(guard, guard.quotas.authFailures), bearerAuth(deps.database.collections, deps.accessTokens));
  app.route('/v1/relationship-requests', relationshipRequestRoutes(deps));
  app.route('/v1/customers', customerRoutes(deps));
  app.route(batchesPath, relationshipRequestBatchRoutes(deps));
  app.route('/v1/webhook-endpoints', webhookEndpointRoutes(deps));
  app.route('/v1/admin-relationships', adminRelationshipRoutes(deps));

  registerSecuritySchemes(app);
  const documentConfig = openApiDocumentConfig(deps.config.PUBLIC_BASE_URL);
  app.doc31('/openapi.json', documentConfig);
  let docsHtml: string | undefined;
  app.get('/docs', pageHeaders(), (c) => c.html((docsHtml ??= renderDocsPage(app.getOpenAPI31Document(documentConfig) as never))));

  let allowedMethods: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    allowedMethods ??= allowedMethodsFor(app.routes);
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0) {
      return problemResponse(c, {
        status: 405,
        slug: 'method-not-allowed',
        detail: `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(', ')}`,
        headers: { allow: allowed.join(', ') },
      });
    }
    return problemResponse(c, { status: 404, slug: 'not-found', detail: `No route for ${c.req.method} ${c.req.path}` });
  });
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem) return problemResponse(c, problem);
    if (isDependencyUnavailable(error)) {
      deps.log.warn({ err: error, requestId: c.get('requestId') }, 'dependency unavailable');
      return problemResponse(c, {
        status: 503,
        slug: 'unavailable',
        detail: 'A service this request needs is unavailable. Retry shortly: retrying is safe (a retried create answers 409 with the request it made).',
        headers: { 'retry-after': '2' },
      });
    }
    deps.log.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return problemResponse(c, {
      status: 500,
      slug: 'internal',
      detail: 'Something went wrong on our side; the request was not completed. Try again.',
      requestId: c.get('requestId'),
    });
  });
  return app;
}
