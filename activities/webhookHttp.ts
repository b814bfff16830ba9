import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, literalRefusal, RefusedTargetError, type TargetPolicy } from '../platform/webhookTargets.js';

export type PostOutcome = { statusCode: number } | { error: string };

/**
 * POSTs a body to a receiver: https (http only where loopback is allowed), connecting only to an address the guarded
 * lookup checked, following no redirect, bounded by `timeoutMs` from connecting to the end of the response. Whatever
 * happens is an outcome; it never throws.
 */
export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: TargetPolicy & { timeoutMs: number },
): Promise<PostOutcome> {
  const schemes = options.allowLoopback ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return Promise.resolve({ error: `refused: ${url.protocol} receivers are not allowed` });
  const literal = literalRefusal(url, options);
  if (literal) return Promise.resolve({ error: `refused: ${literal}` });

  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(options),
      // A fresh connection per attempt: a pooled socket would skip the address check.
      agent: false,
    });
    const timer = setTimeout(() => {
      settle({ error: `timed out after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('response', (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      // The body is read and dropped: only the status counts.
      response.resume();
      response.on('end', () => settle({ statusCode }));
      response.on('error', () => settle({ statusCode }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      settle({ error: error instanceof RefusedTargetError ? `refused: ${error.message}` : describe(error) });
    });
    request.end(body);
  });
}

/**
 * What a delivery record says of a failed call: a fixed phrase per error code, never the error's own message, which
 * names the address the socket tried (`connect ECONNREFUSED 10.0.0.7:443`) or the certificate's names.
 */
const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name does not resolve',
  EAI_AGAIN: 'host name does not resolve',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  EPROTO: 'TLS handshake failed',
  HPE_INVALID_CONSTANT: 'not an HTTP response',
};

function describe(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (reasons[code]) return reasons[code];
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)) return `TLS certificate not accepted (${code})`;
  if (/^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return `request failed (${code})`;
  return 'request failed';
}
