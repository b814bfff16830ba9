import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { invitationPath, renderInvitationPage, type DecisionAccess, type InvitationPageView, type SignInProblem } from '../../../content/invitationPage.js';
import { displayName } from '../../../domain/identity.js';
import type { RequestStatus } from '../../../domain/relationshipRequest.js';
import { fieldErrors, problemResponse, validationProblem } from '../../problem.js';
import { answersJson, type Invitation, type InvitationEnv } from './invitation.js';

const pageStatus = (status: RequestStatus): InvitationPageView['status'] => (status === 'validating' ? 'rejected' : status);

/** The invitation page at this status, with what else it shows. */
export const invitationPage = (invitation: Invitation, status: RequestStatus, extra: Partial<InvitationPageView> = {}) =>
  renderInvitationPage({ ...invitation.view, locale: invitation.locale, status: pageStatus(status), ...extra });

/**
 * The page's sign-in part: the signed-in administrator with the forms' CSRF token, or the button (with last time's
 * problem) for anyone else.
 */
export function accessFor(c: Context<InvitationEnv>, problem?: SignInProblem): DecisionAccess {
  const { invitation, customerAdmin: visitor } = c.var;
  const base = invitationPath(invitation.view.token);
  const switchUserUrl = `${base}/sign-in?lang=${invitation.locale}&anotherUser=1`;
  if (visitor.kind === 'admin' && visitor.admin.via === 'session') {
    return { mode: 'signedIn', userName: displayName(visitor.admin.identity), csrfToken: visitor.admin.csrfToken, switchUserUrl };
  }
  // After a refusal the provider would sign the same user in again: ask it for another account.
  const refused = problem === 'other-organization' || problem === 'not-global-administrator';
  return { mode: 'signIn', signInUrl: refused ? switchUserUrl : `${base}/sign-in?lang=${invitation.locale}`, problem };
}

/** The request closed before this decision: 410 once expired, else 409. */
export function closedAnswer(c: Context<InvitationEnv>, status: RequestStatus) {
  const httpStatus = status === 'expired' ? 410 : 409;
  if (answersJson(c)) {
    return problemResponse(c, {
      status: httpStatus,
      slug: status === 'expired' ? 'invitation-expired' : 'request-closed',
      detail: `The request is ${status}`,
      requestStatus: status,
    });
  }
  return c.html(invitationPage(c.var.invitation, status), httpStatus);
}

/** The decision's fields are not valid: the problem, or the page again with each field's message and what was typed. */
export function invalidFormAnswer(c: Context<InvitationEnv>, error: z.ZodError, access?: DecisionAccess) {
  if (answersJson(c)) return problemResponse(c, validationProblem(error));
  const errors = Object.fromEntries(fieldErrors(error).map((e) => [e.field, e.message]));
  const values = Object.fromEntries(Object.entries(c.var.decisionForm).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return c.html(invitationPage(c.var.invitation, 'pending', { errors, values, ...(access && { access }) }), 400);
}
