import { createRoute, z } from '@hono/zod-openapi';
import { AcceptanceForm, ReasonBody } from '../../bodies.js';
import { problemResponses } from '../../openapiParts.js';
import { StatusOnly } from '../../schemas.js';

const tags = ['Invitation (customer)'];
/** The link's token is the credential; nothing else is asked of whoever holds it. */
const linkOnly: [] = [];
/**
 * The link alone when customers do not sign in (CUSTOMER_SIGN_IN=off); with sign-in on, an API client also sends the
 * access token of a Global administrator of the invited tenant (a browser signs in instead).
 */
const linkOrCustomerAccessToken: Record<string, string[]>[] = [{}, { customerAccessToken: [] }];
const TokenParam = z.object({ token: z.string().max(200).openapi({ param: { name: 'token', in: 'path' } }) });
const LangQuery = z.object({ lang: z.string().max(35).optional() });
const html = { 'text/html': { schema: z.string() } };
const formAndJson = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema }, 'application/json': { schema } },
});

const pageRoute = createRoute({
  method: 'get',
  path: '/{token}',
  operationId: 'getInvitationPage',
  tags,
  security: linkOnly,
  summary: 'The invitation page the emailed link opens',
  request: { params: TokenParam, query: LangQuery },
  responses: {
    200: { description: 'HTML page', content: html },
    404: { description: 'Unknown or invalid link', content: html },
    ...problemResponses(429),
  },
});

const signInRoute = createRoute({
  method: 'get',
  path: '/{token}/sign-in',
  operationId: 'signInForInvitation',
  tags,
  security: linkOnly,
  summary: 'Sign in with the OpenID provider (Microsoft Entra ID) to decide on this invitation',
  description: 'Redirects to the provider (authorization code flow with PKCE); it returns to /auth/callback, then to the invitation page.',
  request: { params: TokenParam, query: LangQuery.extend({ anotherUser: z.literal('1').optional() }) },
  responses: {
    302: { description: 'To the provider' },
    303: { description: 'Back to the page: sign-in is off or the request is closed' },
    404: { description: 'Unknown or invalid link', content: html },
    ...problemResponses(429),
  },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/{token}/accept',
  operationId: 'acceptInvitation',
  tags,
  security: linkOrCustomerAccessToken,
  summary: 'Accept the reseller relationship and the Microsoft Customer Agreement',
  request: { params: TokenParam, query: LangQuery, body: formAndJson(AcceptanceForm) },
  responses: {
    200: {
      description: 'Accepted (also the answer to a repeat of the acceptance that closed it): HTML confirmation, or JSON for API clients',
      content: { ...html, 'application/json': { schema: StatusOnly } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 410, 413, 429, 503),
  },
});

const declineRoute = createRoute({
  method: 'post',
  path: '/{token}/decline',
  operationId: 'declineInvitation',
  tags,
  security: linkOrCustomerAccessToken,
  summary: 'Decline the reseller relationship',
  request: { params: TokenParam, query: LangQuery, body: formAndJson(ReasonBody) },
  responses: {
    200: { description: 'Declined (also the answer to a repeat of the decline): HTML confirmation, or JSON for API clients', content: { ...html, 'application/json': { schema: StatusOnly } } },
    ...problemResponses(400, 401, 403, 404, 409, 410, 413, 429, 503),
  },
});

/** The invitation's operations as the OpenAPI document lists them; the routes parse by hand (form posts and JSON alike). */
export const invitationOperations = [pageRoute, signInRoute, acceptRoute, declineRoute];
