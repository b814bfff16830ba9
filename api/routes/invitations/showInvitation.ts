import type { Handler } from 'hono';
import { SignInProblemQuery } from '../../identity/customerSignIn.js';
import type { InvitationEnv } from './invitation.js';
import { accessFor, invitationPage } from './pages.js';

/** GET /invitations/:token: the page, with the sign-in part while the request is pending and customers sign in. */
export const showInvitation =
  (signInOn: boolean): Handler<InvitationEnv> =>
  (c) => {
    const { invitation } = c.var;
    const problem = SignInProblemQuery.safeParse(c.req.query('signIn')).data;
    const access = signInOn && invitation.request.status === 'pending' ? accessFor(c, problem) : undefined;
    return c.html(invitationPage(invitation, invitation.request.status, access ? { access } : {}), 200);
  };
