import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { renderInvitationPage, renderNotFoundPage, type InvitationPageView } from '../../content/invitationPage.js';
import { pickLocale, type Locale } from '../../content/locales.js';
import { attestationFor } from '../../domain/agreement.js';
import type { Decision, RequestStatus } from '../../domain/relationshipRequest.js';
import type { RelationshipRequestDocument } from '../../platform/documents.js';
import { AcceptanceForm, ReasonBody } from '../bodies.js';
import { clientAddressOf } from '../clientAddress.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { problemResponses } from '../openapiParts.js';
import { fieldErrors, ProblemError, problemResponse, validationProblem } from '../problem.js';
import { decideRequest, RequestClosedError } from '../requestCommands.js';
import { StatusOnly } from '../schemas.js';

const tags = ['Invitation (customer)'];
const TokenParam = z.object({ token: z.string().max(200).openapi({ param: { name: 'token', in: 'path' } }) });
const LangQuery = z.object({ lang: z.string().max(35).optional() });
const html = { 'text/html': { schema: z.string() } };
const formAndJson = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema }, 'application/json': { schema } },
});

const page = createRoute({
  method: 'get',
  path: '/{token}',
  tags,
  summary: 'The invitation page the emailed link opens',
  request: { params: TokenParam, query: LangQuery },
  responses: { 200: { description: 'HTML page', content: html }, 404: { description: 'Unknown or invalid link', content: html } },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/{token}/accept',
  tags,
  summary: 'Accept the reseller relationship and the Microsoft Customer Agreement',
  request: { params: TokenParam, query: LangQuery, body: formAndJson(AcceptanceForm) },
  responses: {
    200: { description: 'Accepted: HTML confirmation, or JSON for API clients', content: { ...html, 'application/json': { schema: StatusOnly } } },
    ...problemResponses(400, 403, 404, 409, 410, 413, 429),
  },
});

const declineRoute = createRoute({
  method: 'post',
  path: '/{token}/decline',
  tags,
  summary: 'Decline the reseller relationship',
  request: { params: TokenParam, query: LangQuery, body: formAndJson(ReasonBody) },
  responses: {
    200: { description: 'Declined: HTML confirmation, or JSON for API clients', content: { ...html, 'application/json': { schema: StatusOnly } } },
    ...problemResponses(400, 403, 404, 409, 410, 413, 429),
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
    const locale = pickLocale(lang, request.locale, customer.preferredLanguage, c.req.header('accept-language')?.split(',')[0]);
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
        ...(request.message && { message: request.message }),
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
    // Empty optional fields arrive as "" from HTML forms; a checkbox arrives as "true" or not at all.
    return Object.fromEntries(
      Object.entries(form)
        .filter(([, value]) => typeof value === 'string' && value.trim() !== '')
        .map(([key, value]) => [key, key === 'acceptAgreement' ? value === 'true' : value]),
    );
  }

  const notFound = (c: Context, lang: string | undefined) =>
    c.req.method !== 'GET' && wantsJson(c)
      ? problemResponse(c, { status: 404, slug: 'invitation-not-found', detail: 'This invitation link is not valid' })
      : c.html(renderNotFoundPage(pickLocale(lang)), 404);

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
    return c.html(renderInvitationPage({ ...loaded.view, locale: loaded.locale, status: pageStatus(status) }), httpStatus);
  };

  async function decide(c: Context, loaded: Loaded, decision: Decision) {
    try {
      const snapshot = await decideRequest(deps, loaded.request, decision);
      if (wantsJson(c)) return c.json({ id: loaded.request._id, status: snapshot.status }, 200);
      return c.html(
        renderInvitationPage({
          ...loaded.view,
          locale: loaded.locale,
          status: pageStatus(snapshot.status),
          outcome: decision.kind === 'accept' ? 'accepted' : 'declined',
        }),
        200,
      );
    } catch (error) {
      if (error instanceof RequestClosedError) return closed(c, loaded, error.status);
      throw error;
    }
  }

  // Documented from the same schemas, but parsed by hand: one route takes both form posts and JSON.
  const router = new OpenAPIHono<AppEnv>();
  for (const route of [page, acceptRoute, declineRoute]) router.openAPIRegistry.registerPath(route);
  return router
    .get('/:token', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      return c.html(renderInvitationPage({ ...loaded.view, locale: loaded.locale, status: pageStatus(loaded.request.status) }), 200);
    })
    .post('/:token/accept', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      const raw = await readBody(c);
      const parsed = AcceptanceForm.safeParse(raw);
      if (!parsed.success) {
        if (wantsJson(c)) return problemResponse(c, validationProblem(parsed.error));
        const errors = Object.fromEntries(fieldErrors(parsed.error).map((e) => [e.field, e.message]));
        const values = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        return c.html(renderInvitationPage({ ...loaded.view, locale: loaded.locale, status: 'pending', errors, values }), 400);
      }
      const { acceptAgreement: _checked, ...person } = parsed.data;
      const userAgent = c.req.header('user-agent')?.slice(0, 500);
      return decide(c, loaded, {
        kind: 'accept',
        acceptance: {
          ...person,
          acceptedAt: now().toISOString(),
          attestation: attestationFor(loaded.locale, loaded.view.customerCompanyName),
          client: { ip: clientAddressOf(c), ...(userAgent && { userAgent }) },
        },
      });
    })
    .post('/:token/decline', async (c) => {
      const { token } = c.req.param();
      const lang = c.req.query('lang');
      const loaded = await load(c, token, lang);
      if (!loaded) return notFound(c, lang);
      const parsed = ReasonBody.safeParse(await readBody(c));
      if (!parsed.success) return problemResponse(c, validationProblem(parsed.error));
      return decide(c, loaded, {
        kind: 'decline',
        at: now().toISOString(),
        ...(parsed.data.reason && { reason: parsed.data.reason }),
      });
    });
}

const pageStatus = (status: RequestStatus): InvitationPageView['status'] =>
  status === 'validating' ? 'rejected' : status;
