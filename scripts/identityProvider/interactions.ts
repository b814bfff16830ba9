import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { errors } from 'oidc-provider';
import { errorPage, loginPage, pageSecurityHeaders } from './pages.js';
import type { IdentityUser } from './users.js';

const route = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/;
const maxFormBytes = 16 * 1024;

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > maxFormBytes) throw new errors.InvalidRequest('the form is too large');
  }
  return new URLSearchParams(body);
}

function sendPage(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, { ...pageSecurityHeaders, 'content-type': 'text/html; charset=utf-8' }).end(html);
}

/**
 * A first-party app that a tenant's administrator consented to once, as the API is in Entra ID: the user is not
 * asked again, and the grant holds whatever the client asked for.
 */
async function grantWhatWasAsked(provider: Provider, interaction: Interaction): Promise<string | undefined> {
  const { details } = interaction.prompt;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: interaction.session?.accountId, clientId: String(interaction.params.client_id) });
  if (!grant) throw new errors.SessionNotFound('grant not found');
  const missingScope = details.missingOIDCScope as string[] | undefined;
  const missingClaims = details.missingOIDCClaims as string[] | undefined;
  const missingResourceScopes = details.missingResourceScopes as Record<string, string[]> | undefined;
  if (missingScope) grant.addOIDCScope(missingScope.join(' '));
  if (missingClaims) grant.addOIDCClaims(missingClaims);
  for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  const grantId = await grant.save();
  return interaction.grantId ? undefined : grantId;
}

/**
 * The sign-in pages oidc-provider leaves to its host: `GET /interaction/:uid` shows the login form (or, once signed in,
 * grants consent), `POST /interaction/:uid/login` checks the email and password, `GET /interaction/:uid/abort`
 * cancels the sign-in. Everything else is the provider's.
 */
export function createInteractionRoutes(options: {
  provider: Provider;
  findUser: (email: string) => IdentityUser | undefined;
  passwordMatches: (password: string) => boolean;
  /** Failures of the pages themselves; sign-ins, refused or not, are not logged. */
  log: (line: string) => void;
}) {
  const { provider, findUser, passwordMatches, log } = options;

  async function interactionAt(request: IncomingMessage, response: ServerResponse, uid: string) {
    const interaction = await provider.interactionDetails(request, response);
    if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction session does not match the address');
    return interaction;
  }

  async function showLogin(response: ServerResponse, interaction: Interaction, status = 200, form: { email?: string; error?: string } = {}) {
    const client = await provider.Client.find(String(interaction.params.client_id));
    const loginHint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : undefined;
    const email = form.email ?? loginHint;
    sendPage(
      response,
      status,
      loginPage({
        action: `/interaction/${interaction.uid}/login`,
        abortUrl: `/interaction/${interaction.uid}/abort`,
        clientName: client?.clientName ?? client?.clientId ?? 'the application',
        ...(email && { email }),
        ...(form.error && { error: form.error }),
      }),
    );
  }

  async function show(request: IncomingMessage, response: ServerResponse, uid: string) {
    const interaction = await interactionAt(request, response, uid);
    if (interaction.prompt.name === 'login') return showLogin(response, interaction);
    if (interaction.prompt.name === 'consent') {
      const grantId = await grantWhatWasAsked(provider, interaction);
      return provider.interactionFinished(request, response, { consent: grantId ? { grantId } : {} }, { mergeWithLastSubmission: true });
    }
    sendPage(response, 501, errorPage('This sign-in cannot continue', { prompt: interaction.prompt.name }));
  }

  async function login(request: IncomingMessage, response: ServerResponse, uid: string) {
    const interaction = await interactionAt(request, response, uid);
    if (interaction.prompt.name !== 'login') throw new errors.InvalidRequest('this sign-in does not ask for a password now');
    const form = await readForm(request);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const user = findUser(email);
    // Checked for unknown users too, so that both refusals take the same time.
    const passwordOk = passwordMatches(form.get('password') ?? '');
    if (!user || !passwordOk) {
      return showLogin(response, interaction, 401, { email, error: 'Your email or password is incorrect.' });
    }
    await provider.interactionFinished(request, response, { login: { accountId: user.oid, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  }

  async function abort(request: IncomingMessage, response: ServerResponse, uid: string) {
    await interactionAt(request, response, uid);
    await provider.interactionFinished(
      request,
      response,
      { error: 'access_denied', error_description: 'The user cancelled the sign-in' },
      { mergeWithLastSubmission: false },
    );
  }

  const handlers: Record<string, typeof show> = { 'GET /': show, 'POST /login': login, 'GET /abort': abort };

  return {
    /** Answers the request when it is one of these pages, and says whether it was. */
    async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
      const path = new URL(request.url ?? '/', 'http://provider').pathname;
      const [, uid, page = '/'] = route.exec(path) ?? [];
      if (!uid) return false;
      const handler = handlers[`${request.method} ${page}`];
      try {
        if (!handler) sendPage(response, 405, errorPage('Not allowed', { method: request.method }));
        else await handler(request, response, uid);
      } catch (error) {
        if (response.headersSent) {
          log(`interaction failed after answering: ${error instanceof Error ? error.message : String(error)}`);
          response.end();
        } else if (error instanceof errors.SessionNotFound) {
          sendPage(response, 400, errorPage('This sign-in has expired', { what: 'Start again from the application you were signing in to.' }));
        } else if (error instanceof errors.OIDCProviderError) {
          sendPage(response, error.statusCode, errorPage('This sign-in cannot continue', { error: error.message, description: error.error_description }));
        } else {
          log(`interaction failed: ${error instanceof Error ? error.message : String(error)}`);
          sendPage(response, 500, errorPage('Something went wrong', {}));
        }
      }
      return true;
    },
  };
}
