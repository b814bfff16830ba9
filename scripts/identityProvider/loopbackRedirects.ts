import type Provider from 'oidc-provider';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An http loopback URI without its port; undefined for any other URI. */
function withoutLoopbackPort(uri: string): string | undefined {
  const url = URL.parse(uri);
  if (url?.protocol !== 'http:' || !loopbackHosts.has(url.hostname)) return undefined;
  url.port = '';
  return url.href;
}

/**
 * Like Entra ID (and RFC 8252 §7.3 for native apps), a registered http loopback redirect URI matches on any port, for
 * every client: an API listening on a test's ephemeral port signs in with the client registered for port 3000.
 */
export function allowAnyLoopbackPort(provider: Provider) {
  const { prototype } = provider.Client;
  const matchesIgnoringPort = (registered: readonly string[] | undefined, value: string) => {
    const wanted = withoutLoopbackPort(value);
    return wanted !== undefined && (registered ?? []).some((uri) => withoutLoopbackPort(uri) === wanted);
  };
  const redirectUriAllowed = prototype.redirectUriAllowed;
  const postLogoutRedirectUriAllowed = prototype.postLogoutRedirectUriAllowed;
  prototype.redirectUriAllowed = function (value) {
    return redirectUriAllowed.call(this, value) || matchesIgnoringPort(this.redirectUris, value);
  };
  prototype.postLogoutRedirectUriAllowed = function (value) {
    return postLogoutRedirectUriAllowed.call(this, value) || matchesIgnoringPort(this.postLogoutRedirectUris, value);
  };
}
