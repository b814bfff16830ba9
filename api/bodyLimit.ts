import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { problemBody, problemContentType } from './problem.js';

/** How much of a refused body is read and thrown away, at most, before its connection is closed. */
export const discardBudget = { maxBytes: 4 * 1024 * 1024, maxMs: 5_000 };

type BodyReader = ReadableStreamDefaultReader<Uint8Array>;

/**
 * Refuses request bodies over `maxBytes` with a 413 problem and `Connection: close`, whether the length is declared
 * (`Content-Length`) or found while reading (chunked).
 *
 * The client is usually still sending when the 413 is ready. Closing the socket then, with its body unread, makes the
 * kernel answer with a reset that can destroy the 413 before the client reads it; and answering "keep-alive" invites
 * the next request onto a connection still full of the old body. So the rest of the body is read and discarded first
 * (within `discardBudget`), and the 413's stream ends only then, which is when Node closes the connection.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = declaredLength(c.req.raw.headers);
    if (declared !== undefined && declared <= maxBytes) return next();

    const reader = body.getReader();
    if (declared === undefined) {
      const buffered = await readAtMost(reader, maxBytes);
      if (buffered) {
        c.req.raw = new Request(c.req.raw, { body: buffered });
        return next();
      }
    }
    const discarded = discardRest(reader).then((complete) => {
      if (!complete) closeConnection(c);
    });
    return bodyTooLarge(c, maxBytes, discarded);
  };
}

/** `Content-Length`, unless `Transfer-Encoding` overrides it (RFC 9112 §6.3). */
function declaredLength(headers: Headers): number | undefined {
  if (headers.has('transfer-encoding')) return undefined;
  const value = headers.get('content-length');
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The whole body, or undefined as soon as it passes `maxBytes` (the reader is then left mid-body). */
async function readAtMost(reader: BodyReader, maxBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(value);
  }
}

/** Reads to the end of the body within the budget; false when the budget ran out first. */
async function discardRest(reader: BodyReader): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'out of time'>((resolve) => {
    timer = setTimeout(() => resolve('out of time'), discardBudget.maxMs);
  });
  let discarded = 0;
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), outOfTime]);
      if (read === 'out of time') return false;
      if (read.done) return true;
      discarded += read.value.byteLength;
      if (discarded > discardBudget.maxBytes) return false;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
}

/** On Node, the socket itself; cancelling the body stream alone leaves the socket open. */
function closeConnection(c: Context) {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  incoming?.socket?.destroy();
}

/**
 * The 413 problem, sent at once (its length is declared, so the client has all of it) and ended once the body has
 * been discarded.
 */
function bodyTooLarge(c: Context, maxBytes: number, discarded: Promise<void>): Response {
  const problem = problemBody({ status: 413, slug: 'body-too-large', detail: `The request body is over ${maxBytes} bytes` });
  const bytes = new TextEncoder().encode(JSON.stringify(problem));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      void discarded.then(() => {
        try {
          controller.close();
        } catch {
          // Already cancelled: the connection is gone.
        }
      });
    },
  });
  return c.body(stream, 413, {
    'content-type': problemContentType,
    'content-length': String(bytes.byteLength),
    connection: 'close',
  });
}
