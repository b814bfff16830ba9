import type { Handler } from 'hono';
import { invitationPath } from '../../../content/invitationPage.js';
import type { CustomerSignIn } from '../../identity/customerSignIn.js';
import type { InvitationEnv } from './invitation.js';

/** GET /invitations/:token/sign-in: to the provider for this invitation, or back to its page when there is nothing to sign in for. */
export const startSignIn =
  (signIn: CustomerSignIn | undefined): Handler<InvitationEnv> =>
  (c) => {
    const { request, view, locale } = c.var.invitation;
    if (!signIn || request.status !== 'pending') return c.redirect(`${invitationPath(view.token)}?lang=${locale}`, 303);
    return signIn.start(c, { page: 'invitation', requestId: request._id, token: view.token, locale }, { anotherUser: c.req.query('anotherUser') === '1' });
  };
