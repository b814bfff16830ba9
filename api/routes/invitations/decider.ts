import type { Context } from 'hono';
import type { DecisionAccess } from '../../../content/invitationPage.js';
import type { CustomerDecider } from '../../../domain/relationshipRequest.js';
import { deciderFrom } from '../../identity/customerAdministrators.js';
import type { InvitationEnv } from './invitation.js';
import { accessFor, invitationPage } from './pages.js';

/**
 * Who decides, with sign-in on: the Global administrator of the invited tenant that the edge verified, by an API
 * client's access token, or by the browser's session for this invitation with its CSRF token. A browser's visitor who
 * is not that administrator is answered here: asked to sign in, or told why they may not decide.
 */
export async function signedInDecider(c: Context<InvitationEnv>): Promise<{ by: CustomerDecider; access?: DecisionAccess } | Response> {
  const { invitation, customerAdmin: visitor } = c.var;
  const pendingPage = (access: DecisionAccess) => invitationPage(invitation, 'pending', { access });
  if (visitor.kind === 'signedOut') return c.html(pendingPage(accessFor(c, 'required')), 401);
  // Signed in, but not as someone who may decide: told exactly why, not asked to sign in.
  if (visitor.kind === 'refused') return c.html(pendingPage(accessFor(c, visitor.refusal)), 403);
  const { admin } = visitor;
  if (admin.via === 'accessToken') return { by: deciderFrom(admin.identity) };
  const submitted = c.var.decisionForm.csrfToken;
  if (!(await admin.csrfMatches(typeof submitted === 'string' ? submitted : undefined))) return c.html(pendingPage(accessFor(c, 'failed')), 403);
  return { by: deciderFrom(admin.identity), access: accessFor(c) };
}
