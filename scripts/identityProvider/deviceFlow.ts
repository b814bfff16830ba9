import * as openid from 'openid-client';
import { createBrowserlessSession, formsOf } from './browserlessSession.js';
import { pageOf, signInOnLoginPage, type Credentials } from './passwordSignIn.js';

export type DeviceFlowOptions = {
  issuer: string;
  clientId: string;
  /** The API's resource indicator, the access token's `aud`. */
  audience: string;
  scope: string;
  user: Credentials;
};

/**
 * Tokens for a user through the device authorization grant of the public client: the device asks, the user approves
 * on the provider's own pages (driven here without a browser: confirm the code, sign in), the device gets its tokens.
 */
export async function deviceFlowTokens(options: DeviceFlowOptions): Promise<openid.TokenEndpointResponse> {
  const config = await openid.discovery(new URL(options.issuer), options.clientId, undefined, openid.None(), {
    ...(options.issuer.startsWith('http:') && { execute: [openid.allowInsecureRequests] }),
  });
  const authorization = await openid.initiateDeviceAuthorization(config, { scope: options.scope, resource: options.audience });

  const session = createBrowserlessSession();
  // The code in the link arrives as a page that posts itself (a script submits it in a browser), then the confirmation.
  const codePage = pageOf(await session.open(authorization.verification_uri_complete ?? authorization.verification_uri), 'the code page');
  const codeForm = formsOf(codePage)[0];
  if (!codeForm) throw new Error(`The provider's code page has no form (status ${codePage.status})`);
  const confirmation = pageOf(await session.submit(codeForm), 'the code confirmation page');
  const confirm = formsOf(confirmation).find((form) => form.id === 'op.deviceConfirmForm');
  if (!confirm) throw new Error(`The provider did not ask to confirm the code (status ${confirmation.status})`);
  await signInOnLoginPage(session, await session.submit(confirm), options.user);

  // Approved before the first poll, so one token request is enough; polling would first wait the default 5 seconds.
  return openid.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:device_code', { device_code: authorization.device_code });
}
