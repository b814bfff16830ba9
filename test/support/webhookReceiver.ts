import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type ReceivedDelivery = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The secrets, of those the receiver holds, that each verify this delivery on their own (with the library). */
  verifiedWith: string[];
};

/** How a call is answered: `fail-before` refuses without processing, `fail-after` processes and still answers 500. */
export type Answer = 'ok' | 'fail-before' | 'fail-after';

/**
 * A partner's receiver on loopback, as one would write it with the `standardwebhooks` library alone: it verifies each
 * delivery with `new Webhook(secret).verify(body, headers)`, answers 401 when no held secret verifies it, and processes
 * each `webhook-id` once (a redelivery is acknowledged, not processed again).
 */
export async function startWebhookReceiver(options: { delayMs?: number; answer?: (call: number) => Answer } = {}) {
  const secrets: string[] = [];
  const calls: ReceivedDelivery[] = [];
  const rejected: { headers: IncomingHttpHeaders; reason: string }[] = [];
  /** Processed once each, in order: the event bodies by `webhook-id`. */
  const processed = new Map<string, { type: string; timestamp: string; data: Record<string, any> }>();
  let arrivals: (() => void)[] = [];

  const handler = (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const verifiedWith = secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      const call = calls.length;
      const delivery = { id: headers['webhook-id'] ?? '', timestamp: headers['webhook-timestamp'] ?? '', signature: headers['webhook-signature'] ?? '', body, verifiedWith };
      calls.push(delivery);
      for (const arrived of arrivals) arrived();
      arrivals = [];
      if (verifiedWith.length === 0) {
        rejected.push({ headers: request.headers, reason: 'no secret verifies it' });
        response.writeHead(401).end();
        return;
      }
      const answer = options.answer?.(call) ?? 'ok';
      if (answer === 'fail-before') {
        response.writeHead(503).end();
        return;
      }
      if (!processed.has(delivery.id)) processed.set(delivery.id, JSON.parse(body));
      const reply = () => response.writeHead(answer === 'fail-after' ? 500 : 204).end();
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  };

  let server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    secrets,
    calls,
    rejected,
    processed,
    /** Resolves at the next call. */
    nextCall: () => new Promise<void>((resolve) => arrivals.push(resolve)),
    /** Stops listening: callers get connection refused until `up`. */
    down: close,
    /** Listens again on the same port. */
    async up() {
      server = createServer(handler);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    /** How many calls carried this `webhook-id`. */
    callsFor: (id: string) => calls.filter((call) => call.id === id).length,
    ofType: (type: string) => [...processed.entries()].filter(([, event]) => event.type === type),
    close,
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
