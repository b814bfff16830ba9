import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  renderInvitationPage,
  renderNotFoundPage,
  type DecisionAccess,
  type InvitationPageView,
  type SignInProblem,
} from '../../content/invitationPage.js';
import { pickLocale, type Locale } from '../../content/locales.js';
import { attestationFor } from '../../domain/agreement.js';
import type { CustomerDecider, Decision, RequestStatus } from '../../domain/relationshipRequest.js';
import { customerAgreementVersion } from '../../platform/config.js';
import type { RelationshipRequestDocument } from '../../platform/documents.js';
import { AcceptanceForm, ReasonBody, SignedInAcceptanceForm } from '../bodies.js';
import { clientAddressOf } from '../clientAddress.js';
import { deciderFrom, refusalOf } from '../customerIdentity.js';
import type { ApiDeps, AppEnv, CustomerSignIn } from '../deps.js';
import { accessTokenRefusal } from '../identity/accessTokenRefusals.js';
import { problemResponses } from '../openapiParts.js';
import { fieldErrors, ProblemError, problemResponse, validationProblem } from '../problem.js';
import { decideRequest, RequestClosedError } from '../requestCommands.js';
import { StatusOnly } from '../schemas.js';

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

type Loaded = { request: RelationshipRequestDocument; view: Omit<InvitationPageView, 'locale' | 'status'>; locale: Locale };

export function invitationRoutes(deps: ApiDeps) {
  const { collections } = deps.database;
  const now = deps.now ?? (() => new Date());

  /** Token → request and page facts; anything wrong with the token is the same 404. */
  async function load(c: Context, token: string, lang: string | undefined): Promise<Loaded | undefined> {
    const requestId = deps.links.verify(token);
    if (!requestId) return undefined;
    const request = await collections.requests.findOne({ _id: requestId });
    if (!request || request.status === 'validating') return undefined;
    const { partner, customer } = request.parties;
    c.set('partnerTenantId', request.partnerTenantId);
    c.set('workflowId', request.workflowId);
    const locale = pickLocale(lang, request.locale, customer.preferredLanguage, c.req.header('accept-language'));
    return {
      request,
      locale,
      view: {
        token,
        partnerName: partner.name,
        customerCompanyName: customer.companyName,
        customerTenantId: request.customerTenantId,
        cloud: customer.cloud,
        includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
        expiresAt: (request.expiresAt ?? request.createdAt).toISOString(),
        ...(request.closedAt && { closedAt: request.closedAt.toISOString() }),
        ...(request.message && { message: request.message }),
        ...(request.indirectResellerId && { indirectResellerId: request.indirectResellerId }),
      },
    };
  }

  const wantsJson = (c: Context) => (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json');

  async function readBody(c: Context): Promise<Record<string, unknown>> {
    if (wantsJson(c)) {
      const body: unknown = await c.req.json().catch(() => {
        throw new ProblemError({ status: 400, slug: 'malformed-body', detail: 'The body is not valid JSON', errors: [{ field: '(body)', message: 'malformed' }] });
      });
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ProblemError({ status: 400, slug: 'malformed-body', detail: 'The body must be a JSON object', errors: [{ field: '(body)', message: 'must be an object' }] });
      }
      return body as Record<string, unknown>;
    }
    const form = await c.req.parseBody();
    // Empty optional fields arrive as "" from HTML forms; a checkbox arrives as "true" or not at all. A textarea's line
    // breaks arrive as CRLF, two characters where its maxlength counted one: they are LF again before any length check.
    return Object.fromEntries(
      Object.entries(form)
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
        .map(([key, value]) => [key, key === 'acceptAgreement' ? value === 'true' : value.replace(/\r\n?/g, '\n')]),
    );
  }

  const notFound = (c: Context, lang: string | undefined) =>
    c.req.method !== 'GET' && wantsJson(c)
      ? problemResponse(c, { status: 404, slug: 'invitation-not-found', detail: 'This invitation link is not valid' })
      : c.html(renderNotFoundPage(pickLocale(lang, c.req.header('accept-language'))), 404);

  const page = (loaded: Loaded, status: RequestStatus, extra: Partial<InvitationPageView> = {}) =>
    renderInvitationPage({ ...loaded.view, locale: loaded.locale, status: pageStatus(status), ...extra });

  const closed = (c: Context, loaded: Loaded, status: RequestStatus) => {
    const httpStatus = status === 'expired' ? 410 : 409;
    if (wantsJson(c)) {
      return problemResponse(c, {
        status: httpStatus,
        slug: status === 'expired' ? 'invitation-expired' : 'request-closed',
        detail: `The request is ${status}`,
        requestStatus: status,
      });
    }
    return c.html(page(loaded, status), httpStatus);
  };

  async function decide(c: Context, loaded: Loaded, decision: Decision, access?: DecisionAccess) {
    try {
      const snapshot = await decideRequest(deps, loaded.request, decision);
      if (wantsJson(c)) return c.json({ id: loaded.request._id, status: snapshot.status }, 200);
      const outcome = decision.kind === 'accept' ? 'accepted' : 'declined';
      return c.html(page(loaded, snapshot.status, { outcome, ...(access && { access }) }), 200);
    } catch (error) {
      if (error instanceof RequestClosedError) return closed(c, loaded, error.status);
      throw error;
    }
  }

  const signIn = deps.config.CUSTOMER_SIGN_IN === 'oidc' ? deps.customerSignIn : undefined;
  if (deps.config.CUSTOMER_SIGN_IN === 'oidc' && !signIn) throw new Error('CUSTOMER_SIGN_IN=oidc needs the customer sign-in');
  const agreementVersion = customerAgreementVersion(deps.config);
  const clientOf = (c: Context) => {
    const userAgent = c.req.header('user-agent')?.slice(0, 500);
    return { ip: clientAddressOf(c), ...(userAgent && { userAgent }) };
  };

  /** The page's sign-in part: the button (with last time's problem), or the signed-in user with the forms' CSRF token. */
  async function accessFor(c: Context, loaded: Loaded, customerSignIn: CustomerSignIn, problem?: SignInProblem): Promise<DecisionAccess> {
    const base = `/invitations/${encodeURIComponent(loaded.view.token)}`;
    const identity = await customerSignIn.signedIn(c, loaded.request._id);
    const csrfToken = identity && !refusalOf(identity, loaded.request.customerTenantId) ? await customerSignIn.csrfToken(c, loaded.request._id) : undefined;
    const switchUserUrl = `${base}/sign-in?lang=${loaded.locale}&anotherUser=1`;
    if (identity && csrfToken) {
      const userName = identity.name && identity.username ? `${identity.name} (${identity.username})` : (identity.name ?? identity.username ?? identity.objectId);
      return { mode: 'signedIn', userName, csrfToken, switchUserUrl };
    }
    // After a refusal the provider would sign the same user in again: ask it for another account.
    const refused = problem === 'other-organization' || problem === 'not-global-administrator';
    return { mode: 'signIn', signInUrl: refused ? switchUserUrl : `${base}/sign-in?lang=${loaded.locale}`, problem };
  }

  /**
   * Who decides, with sign-in on: an API client's bearer access token, or the browser's session for this invitation
   * with its CSRF token. Either way a Global administrator of the invited tenant; anyone else is answered here.
   */
  async function signedInDecider(
    c: Context,
    loaded: Loaded,
    customerSignIn: CustomerSignIn,
    body: Record<string, unknown>,
  ): Promise<{ by: CustomerDecider; access?: DecisionAccess } | Response> {
    const customerTenantId = loaded.request.customerTenantId;
    if (wantsJson(c)) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (!bearer || !deps.accessTokens) {
        return problemResponse(c, {
          status: 401,
          slug: 'sign-in-required',
          detail: 'Send the access token of a Global administrator of the invited tenant as `Authorization: Bearer <token>`',
          headers: { 'www-authenticate': 'Bearer realm="invitations"' },
        });
      }
      const identity = await deps.accessTokens(bearer).catch((error: unknown) => {
        throw accessTokenRefusal(error, 'invitations');
      });
      const refusal = refusalOf(identity, customerTenantId);
      if (refusal) return problemResponse(c, { status: 403, slug: refusal, detail: refusalDetail[refusal] });
      return { by: deciderFrom(identity) };
    }
    const identity = await customerSignIn.signedIn(c, loaded.request._id);
    if (!identity) return c.html(page(loaded, 'pending', { access: await accessFor(c, loaded, customerSignIn, 'required') }), 401);
    // Signed in, but not as someone who may decide: told exactly why, not asked to sign in.
    const refusal = refusalOf(identity, customerTenantId);
    if (refusal) return c.html(page(loaded, 'pending', { access: await accessFor(c, loaded, customerSignIn, refusal) }), 403);
    const csrf = typeof body.csrfToken === 'string' ? body.csrfToken : undefined;
    if (!(await customerSignIn.checkCsrf(c, loaded.request._id, csrf))) {
      return c.html(page(loaded, 'pending', { access: await accessFor(c, loaded, customerSignIn, 'failed') }), 403);
    }
    return { by: deciderFrom(identity), access: await accessFor(c, loaded, customerSignIn) };
  }

  const withoutCsrf = ({ csrfToken: _csrf, ...rest }: Record<string, unknown>) => rest;

  const invalidForm = (c: Context, loaded: Loaded, error: z.ZodError, raw: Record<string, unknown>, access?: DecisionAccess) => {
    if (wantsJson(c)) return problemResponse(c, validationProblem(error));
    const errors = Object.fromEntries(fieldErrors(error).map((e) => [e.field, e.message]));
    const values = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    return c.html(page(loaded, 'pending', { errors, values, ...(access && { access }) }), 400);
  };

  // Documented from the same schemas, but parsed by hand: one route takes both form posts and JSON.
  const router = new OpenAPIHono<AppEnv>();
  for (const route of [pageRoute, signInRoute, acceptRoute, declineRoute]) router.openAPIRegistry.registerPath(route);
  return router
    .get('/:token', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      const problem = SignInProblemQuery.safeParse(c.req.query('signIn')).data;
      const pending = loaded.request.status === 'pending';
      const access = signIn && pending ? await accessFor(c, loaded, signIn, problem) : undefined;
      return c.html(page(loaded, loaded.request.status, access ? { access } : {}), 200);
    })
    .get('/:token/sign-in', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      if (!signIn || loaded.request.status !== 'pending') return c.redirect(`/invitations/${encodeURIComponent(token)}?lang=${loaded.locale}`, 303);
      const anotherUser = c.req.query('anotherUser') === '1';
      if (anotherUser) signIn.signOut(c);
      return signIn.start(c, { requestId: loaded.request._id, token, locale: loaded.locale, anotherUser });
    })
    .post('/:token/accept', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      const raw = await readBody(c);
      if (signIn) {
        const decider = await signedInDecider(c, loaded, signIn, raw);
        if (decider instanceof Response) return decider;
        const parsed = SignedInAcceptanceForm.safeParse(withoutCsrf(raw));
        if (!parsed.success) return invalidForm(c, loaded, parsed.error, raw, decider.access);
        return decide(
          c,
          loaded,
          {
            kind: 'accept',
            acceptance: {
              by: decider.by,
              ...(parsed.data.phone && { phone: parsed.data.phone }),
              acceptedAt: now().toISOString(),
              attestation: attestationFor(loaded.locale, loaded.view.customerCompanyName, agreementVersion, 'signedIn'),
              client: clientOf(c),
            },
          },
          decider.access,
        );
      }
      const parsed = AcceptanceForm.safeParse(raw);
      if (!parsed.success) return invalidForm(c, loaded, parsed.error, raw);
      const { firstName, lastName, email, phone } = parsed.data;
      return decide(c, loaded, {
        kind: 'accept',
        acceptance: {
          by: { verifiedBy: 'typedNames', firstName, lastName, email },
          ...(phone && { phone }),
          acceptedAt: now().toISOString(),
          attestation: attestationFor(loaded.locale, loaded.view.customerCompanyName, agreementVersion, 'linkOnly'),
          client: clientOf(c),
        },
      });
    })
    .post('/:token/decline', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      const raw = await readBody(c);
      const decider = signIn ? await signedInDecider(c, loaded, signIn, raw) : undefined;
      if (decider instanceof Response) return decider;
      const parsed = ReasonBody.safeParse(signIn ? withoutCsrf(raw) : raw);
      if (!parsed.success) return invalidForm(c, loaded, parsed.error, raw, decider?.access);
      return decide(
        c,
        loaded,
        {
          kind: 'decline',
          at: now().toISOString(),
          ...(parsed.data.reason && { reason: parsed.data.reason }),
          ...(decider && { by: decider.by }),
        },
        decider?.access,
      );
    });
}

const SignInProblemQuery = z.enum(['other-organization', 'not-global-administrator', 'failed', 'required']);

const refusalDetail: Record<'other-organization' | 'not-global-administrator', string> = {
  'other-organization': 'The token is from another organization than the invited customer tenant',
  'not-global-administrator': 'Only a Global administrator of the invited customer tenant may decide',
};

const pageStatus = (status: RequestStatus): InvitationPageView['status'] =>
  status === 'validating' ? 'rejected' : status;
