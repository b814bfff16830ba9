import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInOptions = { failureRate?: number; random?: () => number };

/**
 * A local stand-in for Resend's HTTP API (`POST /emails`), for tests only: the real `resend` SDK is pointed at it
 * with `RESEND_BASE_URL`. It keeps Resend's idempotency semantics (the same key returns the first email's ID and
 * delivers nothing new), and can fail a share of calls with 500s or dropped connections.
 */
export async function startResendStandIn(options: StandInOptions = {}) {
  const random = options.random ?? Math.random;
  let failureRate = options.failureRate ?? 0;
  const delivered = new Map<string, { id: string; to: string[]; subject: string; text: string }>();
  const attempts = new Map<string, number>();
  let failures = 0;

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/emails') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"name":"not_found","message":"not found","statusCode":404}');
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      if (!req.headers.authorization?.startsWith('Bearer ')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"name":"missing_api_key","message":"no key","statusCode":401}');
        return;
      }
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      const roll = random();
      if (roll < failureRate / 2) {
        failures += 1;
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"name":"internal_server_error","message":"injected","statusCode":500}');
        return;
      }
      if (roll < failureRate) {
        failures += 1;
        // Like a timeout: the connection dies with no answer.
        setTimeout(() => req.socket.destroy(), 200);
        return;
      }
      const email = JSON.parse(body) as { to: string[] | string; subject: string; text: string };
      const existing = key ? delivered.get(key) : undefined;
      const record = existing ?? { id: randomUUID(), to: [email.to].flat(), subject: email.subject, text: email.text };
      if (key && !existing) delivered.set(key, record);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: record.id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    delivered,
    attempts,
    failures: () => failures,
    setFailureRate: (rate: number) => (failureRate = rate),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type ResendStandIn = Awaited<ReturnType<typeof startResendStandIn>>;
