import type { Context, Handler } from 'hono';
import { attestationFor } from '../../../domain/agreement.js';
import { clockOf } from '../../../platform/clock.js';
import { customerAgreementVersion } from '../../../platform/config.js';
import { AcceptanceForm, SignedInAcceptanceForm } from '../../bodies.js';
import { clientAddressOf } from '../../clientAddress.js';
import type { ApiDeps } from '../../deps.js';
import { decide } from './decide.js';
import { signedInDecider } from './decider.js';
import { withoutCsrf } from './decisionForm.js';
import type { InvitationEnv } from './invitation.js';
import { invalidFormAnswer } from './pages.js';

/** Where the acceptance came from, as recorded with it. */
const clientOf = (c: Context) => {
  const userAgent = c.req.header('user-agent')?.slice(0, 500);
  return { ip: clientAddressOf(c), ...(userAgent && { userAgent }) };
};

/**
 * POST /invitations/:token/accept: with sign-in on, by the verified administrator; else by whoever holds the link,
 * who types their names.
 */
export function acceptInvitation(deps: ApiDeps, signInOn: boolean): Handler<InvitationEnv> {
  const now = clockOf(deps);
  const agreementVersion = customerAgreementVersion(deps.config);
  return async (c) => {
    const { invitation, decisionForm } = c.var;
    const attestation = (mode: 'signedIn' | 'linkOnly') => attestationFor(invitation.locale, invitation.view.customerCompanyName, agreementVersion, mode);
    if (signInOn) {
      const decider = await signedInDecider(c);
      if (decider instanceof Response) return decider;
      const parsed = SignedInAcceptanceForm.safeParse(withoutCsrf(decisionForm));
      if (!parsed.success) return invalidFormAnswer(c, parsed.error, decider.access);
      const { phone } = parsed.data;
      const acceptance = { by: decider.by, ...(phone && { phone }), acceptedAt: now().toISOString(), attestation: attestation('signedIn'), client: clientOf(c) };
      return decide(deps, c, { kind: 'accept', acceptance }, decider.access);
    }
    const parsed = AcceptanceForm.safeParse(decisionForm);
    if (!parsed.success) return invalidFormAnswer(c, parsed.error);
    const { firstName, lastName, email, phone } = parsed.data;
    const acceptance = {
      by: { verifiedBy: 'typedNames' as const, firstName, lastName, email },
      ...(phone && { phone }),
      acceptedAt: now().toISOString(),
      attestation: attestation('linkOnly'),
      client: clientOf(c),
    };
    return decide(deps, c, { kind: 'accept', acceptance });
  };
}
