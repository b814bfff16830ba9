import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { refusalOf } from '../identity/customerAdministrators.js';
import type { ApiDeps } from '../deps.js';
import { customerAdmin } from '../identity/customerAdmin.js';
import { acceptInvitation } from './invitations/accept.js';
import { declineInvitation } from './invitations/decline.js';
import { readDecisionForm } from './invitations/decisionForm.js';
import { answersJson, loadInvitation, type InvitationEnv } from './invitations/invitation.js';
import { invitationOperations } from './invitations/openApi.js';
import { showInvitation } from './invitations/showInvitation.js';
import { startSignIn } from './invitations/startSignIn.js';

/**
 * The customer's invitation, opened by the emailed link: its page, the sign-in for it, and the decision. With sign-in
 * on, a decision is a Global administrator's of the invited tenant, verified at the edge; else the link's holder's.
 */
export function invitationRoutes(deps: ApiDeps) {
  const signIn = deps.config.CUSTOMER_SIGN_IN === 'oidc' ? deps.customerSignIn : undefined;
  if (deps.config.CUSTOMER_SIGN_IN === 'oidc' && !signIn) throw new Error('CUSTOMER_SIGN_IN=oidc needs the customer sign-in');
  const signInOn = signIn !== undefined;

  const invitation = loadInvitation(deps);
  const invitedAdmin: MiddlewareHandler<InvitationEnv> = signIn
    ? customerAdmin<string, InvitationEnv>({
        realm: 'invitations',
        signIn,
        accessTokens: deps.accessTokens,
        isApiClient: answersJson,
        scope: (c) => ({ page: 'invitation', requestId: c.var.invitation.request._id }),
        authorize: async (c, identity) => {
          const customerTenantId = c.var.invitation.request.customerTenantId;
          const refusal = refusalOf(identity, customerTenantId);
          return refusal ? { refusal } : { tenant: customerTenantId };
        },
      })
    : (_c, next) => next();

  // Documented from the same schemas, but parsed by hand: one route takes both form posts and JSON.
  const router = new OpenAPIHono<InvitationEnv>();
  for (const route of invitationOperations) router.openAPIRegistry.registerPath(route);
  return router
    .get('/:token', invitation, invitedAdmin, showInvitation(signInOn))
    .get('/:token/sign-in', invitation, startSignIn(signIn))
    .post('/:token/accept', invitation, readDecisionForm, invitedAdmin, acceptInvitation(deps, signInOn))
    .post('/:token/decline', invitation, readDecisionForm, invitedAdmin, declineInvitation(deps, signInOn));
}
