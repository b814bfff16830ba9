import * as openid from 'openid-client';

/** Where a service gets its tokens for the Temporal server: its own client credentials at the OpenID provider. */
export type TemporalAuthSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A resource indicator (RFC 8707), for providers that take one. */
  audience?: string | undefined;
  /** A scope instead, as Entra ID asks: `api://<temporal-app>/.default`. */
  scope?: string | undefined;
};

export type TemporalTokens = {
  /** The token to send now; always one that was valid when it was fetched. */
  current(): string;
  /** Called with each new token (the worker's native connection takes it with `setApiKey`). */
  onRefresh(listener: (token: string) => void): void;
  stop(): void;
};

/** When to fetch the next token: at three quarters of this one's life, and never sooner than 5 seconds. */
export const refreshDelayMs = (expiresInSeconds: number): number => Math.max(5_000, expiresInSeconds * 750);

/**
 * Client-credential access tokens for the Temporal server, fetched at start (a failure stops the start, with the
 * provider's reason) and again before each expires. A failed refresh is retried every 10 seconds while the current
 * token lasts; the SDK sends whichever is current with every call. Tokens are never logged.
 */
export async function startTemporalTokens(settings: TemporalAuthSettings, onRefreshError: (error: unknown) => void): Promise<TemporalTokens> {
  const configuration = await openid.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
    ...(settings.issuer.startsWith('http:') && { execute: [openid.allowInsecureRequests] }),
  });
  const parameters: Record<string, string> = settings.scope ? { scope: settings.scope } : settings.audience ? { resource: settings.audience } : {};
  const fetchToken = async () => {
    const response = await openid.clientCredentialsGrant(configuration, parameters).catch((error: unknown) => {
      if (!(error instanceof openid.ResponseBodyError)) throw error;
      // The provider's own words (invalid_client, invalid_target…), which name no secret.
      const reason = `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
      throw new Error(`The OpenID provider refused a Temporal token to client ${settings.clientId} (${reason})`, { cause: error });
    });
    return { token: response.access_token, expiresIn: response.expires_in ?? 3_600 };
  };

  let { token, expiresIn } = await fetchToken();
  const listeners: ((token: string) => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => void refresh(), delayMs);
    timer.unref();
  };
  const refresh = async () => {
    try {
      ({ token, expiresIn } = await fetchToken());
      for (const listener of listeners) listener(token);
      schedule(refreshDelayMs(expiresIn));
    } catch (error) {
      onRefreshError(error);
      schedule(10_000);
    }
  };
  schedule(refreshDelayMs(expiresIn));

  return {
    current: () => token,
    onRefresh: (listener) => listeners.push(listener),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
