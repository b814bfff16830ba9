import type { Stack } from './stack.js';

/** Calls the real Hono app in-process (no socket): the same routing, middleware and handlers as `npm run api`. */
export async function call(stack: Stack, method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await stack.app.request(path, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') && text ? (JSON.parse(text) as Record<string, any>) : undefined;
  return { status: response.status, headers: response.headers, text, json: json ?? {} };
}

export const invitationPath = (url: string) => new URL(url).pathname;

/** Polls a condition on real state; for asynchronous effects such as workflow timers. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
