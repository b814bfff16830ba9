import type { Context, MiddlewareHandler } from 'hono';
import { renderNotFoundPage, type InvitationPageView } from '../../../content/invitationPage.js';
import { pickLocale, type Locale } from '../../../content/locales.js';
import type { RelationshipRequestDocument } from '../../../platform/documents.js';
import type { ApiDeps, AppEnv } from '../../deps.js';
import type { CustomerAdminAccess } from '../../identity/customerAdmin.js';
import { sentJson } from '../../negotiation.js';
import { problemResponse } from '../../problem.js';

/** The invitation a link opens: its request, the page's facts and the language the page speaks. */
export type Invitation = { request: RelationshipRequestDocument; view: Omit<InvitationPageView, 'locale' | 'status'>; locale: Locale };

/** What the invitation's middleware establishes for its handlers. */
export type InvitationEnv = {
  Variables: AppEnv['Variables'] & {
    invitation: Invitation;
    /** A decision's fields, form or JSON alike. */
    decisionForm: Record<string, unknown>;
    /** With sign-in on: who decides; the invited tenant is what they act for. */
    customerAdmin: CustomerAdminAccess<string>;
  };
};

/** An API client posting JSON, answered in JSON; a browser gets pages (a GET always does). */
export const answersJson = (c: Context) => c.req.method !== 'GET' && sentJson(c);

const notFound = (c: Context) =>
  answersJson(c)
    ? problemResponse(c, { status: 404, slug: 'invitation-not-found', detail: 'This invitation link is not valid' })
    : c.html(renderNotFoundPage(pickLocale(c.req.query('lang'), c.req.header('accept-language'))), 404);

/** The link's token → its invitation, as `c.var.invitation`; anything wrong with the token is the same 404. */
export function loadInvitation(deps: ApiDeps): MiddlewareHandler<InvitationEnv> {
  const { collections } = deps.database;
  return async (c, next) => {
    const token = c.req.param('token') ?? '';
    const requestId = deps.links.verify(token);
    const request = requestId ? await collections.requests.findOne({ _id: requestId }) : null;
    if (!request || request.status === 'validating') return notFound(c);
    const { partner, customer } = request.parties;
    c.set('partnerTenantId', request.partnerTenantId);
    c.set('workflowId', request.workflowId);
    c.set('invitation', {
      request,
      locale: pickLocale(c.req.query('lang'), request.locale, customer.preferredLanguage, c.req.header('accept-language')),
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
    });
    await next();
  };
}
