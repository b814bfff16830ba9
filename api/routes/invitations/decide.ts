import type { Context } from 'hono';
import type { DecisionAccess } from '../../../content/invitationPage.js';
import type { Decision } from '../../../domain/relationshipRequest.js';
import type { ApiDeps } from '../../deps.js';
import { decideRequest, RequestClosedError } from '../../requestCommands.js';
import { answersJson, type InvitationEnv } from './invitation.js';
import { closedAnswer, invitationPage } from './pages.js';

/** Records the decision and confirms it: JSON for an API client, the page naming the outcome for a browser. */
export async function decide(deps: ApiDeps, c: Context<InvitationEnv>, decision: Decision, access?: DecisionAccess) {
  const { invitation } = c.var;
  try {
    const snapshot = await decideRequest(deps, invitation.request, decision);
    if (answersJson(c)) return c.json({ id: invitation.request._id, status: snapshot.status }, 200);
    const outcome = decision.kind === 'accept' ? 'accepted' : 'declined';
    return c.html(invitationPage(invitation, snapshot.status, { outcome, ...(access && { access }) }), 200);
  } catch (error) {
    if (error instanceof RequestClosedError) return closedAnswer(c, error.status);
    throw error;
  }
}
