import type { Context } from 'hono';

/** The body is JSON: an API client's post, answered in JSON too. */
export const sentJson = (c: Context): boolean => (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json');

/**
 * An API client rather than a browser: it sends a credential or JSON, or a GET asks for JSON and not for HTML. A
 * browser's page and form posts carry none of these.
 */
export const wantsJson = (c: Context): boolean => {
  const accept = c.req.header('accept') ?? '';
  return (
    c.req.header('authorization') !== undefined ||
    sentJson(c) ||
    (c.req.method === 'GET' && /application\/json/i.test(accept) && !/text\/html/i.test(accept))
  );
};
