import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Customer } from '../../domain/tenants.js';
import { eventually } from '../support/http.js';
import type { Stack } from '../support/stack.js';

/** `count` customers for one world, `<prefix>-<i>`; `country(i)` and `cloud(i)` place each. */
export function manyCustomers(
  tag: string,
  prefix: string,
  count: number,
  place: (i: number) => Pick<Customer, 'country' | 'cloud'> = () => ({ country: 'UA', cloud: 'public' }),
): Customer[] {
  return Array.from({ length: count }, (_, i) => ({
    tenantId: `${prefix}-${tag}-${i}`,
    domain: `${prefix}-${i}-${tag}.example`,
    companyName: `${prefix} customer ${i}`,
    email: `it@${prefix}-${i}-${tag}.example`,
    ...place(i),
  }));
}

/** The stack's app on a real listening socket, for fetch with keep-alive. */
export async function listen(stack: Stack) {
  const server: ServerType = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
    },
  };
}

export type Http = { status: number; headers: Headers; json: Record<string, any>; text: string };

export async function fetchJson(url: string, init: { method?: string; key: string; body?: string; headers?: Record<string, string> }): Promise<Http> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.key}`, ...init.headers },
    ...(init.body !== undefined && { body: init.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : {} };
}

/** Polls the batch until `done` holds for it. */
export function batchWhen(base: string, key: string, id: string, done: (batch: Record<string, any>) => boolean, timeoutMs: number, what: string) {
  return eventually(
    async () => {
      const batch = await fetchJson(`${base}/v1/relationship-request-batches/${id}?limit=1`, { key });
      return batch.status === 200 && done(batch.json) ? batch.json : undefined;
    },
    timeoutMs,
    what,
  );
}

/** Every item of a batch, through the API's pages. */
export async function allItems(base: string, key: string, id: string, limit = 100) {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  do {
    const page: Http = await fetchJson(`${base}/v1/relationship-request-batches/${id}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { key });
    if (page.status !== 200) throw new Error(`page: ${page.status} ${page.text}`);
    items.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return items;
}

export const done = (batch: Record<string, any>) => batch.counts.total - batch.counts.pending;
