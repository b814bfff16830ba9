/**
 * `npm run dev:token -- [--temporal] <email>`: an access token for the API (or, with --temporal, for the Temporal
 * server and the codec server of `npm run cluster`) from the local OpenID provider, for one of its demo users, through
 * the device authorization grant of the public client; this script approves the request itself on the provider's
 * pages, as the user would in a browser. Only the token goes to stdout:
 *   curl -H "authorization: Bearer $(npm run -s dev:token -- ayse.admin@anatolia.example)" http://127.0.0.1:3000/v1/customers
 *   temporal workflow list --api-key "$(npm run -s dev:token -- --temporal reader@operations.example)" …
 * OIDC_ISSUER (default http://127.0.0.1:<OIDC_PROVIDER_PORT or 3001>), OIDC_DEVICE_CLIENT_ID, OIDC_API_AUDIENCE,
 * OIDC_API_SCOPE and OIDC_DEMO_PASSWORD override what `npm run dev` uses.
 */
import { deviceFlowTokens } from './identityProvider/deviceFlow.js';
import { identityProviderDefaults } from './identityProvider/defaults.js';

const args = process.argv.slice(2);
const forTemporal = args[0] === '--temporal';
const [email, ...rest] = forTemporal ? args.slice(1) : args;
if (!email || rest.length > 0 || email.startsWith('-')) {
  console.error('usage: npm run -s dev:token -- [--temporal] <email of a demo user>   (npm run dev and npm run cluster list them)');
  process.exit(64);
}

const env = process.env;
const issuer = env.OIDC_ISSUER ?? `http://127.0.0.1:${env.OIDC_PROVIDER_PORT ?? identityProviderDefaults.port}`;
try {
  const tokens = await deviceFlowTokens({
    issuer,
    clientId: env.OIDC_DEVICE_CLIENT_ID ?? identityProviderDefaults.deviceClientId,
    audience: forTemporal ? identityProviderDefaults.temporalAudience : (env.OIDC_API_AUDIENCE ?? identityProviderDefaults.apiAudience),
    scope: forTemporal ? 'openid profile' : `openid profile ${env.OIDC_API_SCOPE ?? identityProviderDefaults.apiScope}`,
    user: { email, password: env.OIDC_DEMO_PASSWORD ?? identityProviderDefaults.demoPassword },
  });
  console.log(tokens.access_token);
} catch (error) {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const unreachable = (cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED';
  const reason = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
  console.error(`No token from ${issuer}: ${reason}${cause ? ` (${cause.message})` : ''}${unreachable ? '; is `npm run dev` running?' : ''}`);
  process.exit(1);
}
