import type { Context } from 'hono';

/** The client's address as the Node server saw it: for rate limits and the acceptance record. */
export function clientAddressOf(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
