/** The provider's own pages: plain HTML without scripts or outside resources, every value escaped. */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Pages may run no scripts and load nothing from elsewhere; forms may post on to the client's redirect URI. */
export const pageSecurityHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

const style = `body{font-family:system-ui,sans-serif;background:#f3f3f3;margin:0;padding:48px 16px}
main{max-width:360px;margin:0 auto;background:#fff;padding:32px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:1.5rem;font-weight:600;margin:0 0 8px}p{margin:0 0 16px}.note{color:#666;font-size:.85rem}
.error{color:#a80000}label{display:block;margin:12px 0 4px}
input[type=email],input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:8px;font-size:1rem}
button{margin-top:20px;padding:8px 24px;font-size:1rem;background:#0067b8;color:#fff;border:0;cursor:pointer}
a{color:#0067b8}code{font-size:1.5rem}`;

export const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><main>
${body}
<p class="note">Development identity provider: demo users only.</p>
</main></body>
</html>`;

export const loginPage = (options: { action: string; abortUrl: string; clientName: string; email?: string; error?: string }): string =>
  page(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to ${escapeHtml(options.clientName)}</p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}"${options.email ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${options.email ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
<p><a href="${escapeHtml(options.abortUrl)}">Cancel</a></p>`,
  );

/** `form` is the provider's own form (with its CSRF field); the button submits it. */
export const userCodeInputPage = (form: string, error?: string): string =>
  page(
    'Enter code',
    `<h1>Enter code</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '<p>Enter the code shown by the application you are signing in to.</p>'}
${form}
<button type="submit" form="op.deviceInputForm">Next</button>`,
  );

export const userCodeConfirmPage = (form: string, clientName: string, userCode: string): string =>
  page(
    'Confirm the sign-in',
    `<h1>Are you trying to sign in to ${escapeHtml(clientName)}?</h1>
<p>Continue only if the application shows this code:</p>
<p><code>${escapeHtml(userCode)}</code></p>
${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>`,
  );

export const deviceSignedInPage = (clientName: string): string =>
  page('Signed in', `<h1>You are signed in</h1><p>${escapeHtml(clientName)} can continue; you may close this window.</p>`);

export const errorPage = (title: string, details: Record<string, string | undefined>): string =>
  page(
    title,
    `<h1>${escapeHtml(title)}</h1>
${Object.entries(details)
  .filter((entry): entry is [string, string] => entry[1] !== undefined)
  .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
  .join('\n')}`,
  );

/** `form` is the provider's logout form; the first button signs out, the second keeps the session. */
export const logoutPage = (form: string, host: string): string =>
  page(
    'Sign out',
    `<h1>Sign out of ${escapeHtml(host)}?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );

export const signedOutPage = (): string => page('Signed out', '<h1>You are signed out</h1>');
