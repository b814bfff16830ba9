import type { Handler } from 'hono';
import { clockOf } from '../../../platform/clock.js';
import { ReasonBody } from '../../bodies.js';
import type { ApiDeps } from '../../deps.js';
import { decide } from './decide.js';
import { signedInDecider } from './decider.js';
import { withoutCsrf } from './decisionForm.js';
import type { InvitationEnv } from './invitation.js';
import { invalidFormAnswer } from './pages.js';

/** POST /invitations/:token/decline: with sign-in on, by the verified administrator; else by whoever holds the link. */
export function declineInvitation(deps: ApiDeps, signInOn: boolean): Handler<InvitationEnv> {
  const now = clockOf(deps);
  return async (c) => {
    const decider = signInOn ? await signedInDecider(c) : undefined;
    if (decider instanceof Response) return decider;
    const parsed = ReasonBody.safeParse(signInOn ? withoutCsrf(c.var.decisionForm) : c.var.decisionForm);
    if (!parsed.success) return invalidFormAnswer(c, parsed.error, decider?.access);
    const { reason } = parsed.data;
    return decide(deps, c, { kind: 'decline', at: now().toISOString(), ...(reason && { reason }), ...(decider && { by: decider.by }) }, decider?.access);
  };
}
