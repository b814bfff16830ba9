import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../../problem.js';
import { answersJson, type InvitationEnv } from './invitation.js';

/** A decision's fields as `c.var.decisionForm`: an API client's JSON object, or a browser's form. */
export const readDecisionForm: MiddlewareHandler<InvitationEnv> = async (c, next) => {
  if (answersJson(c)) {
    const body: unknown = await c.req.json().catch(() => {
      throw new ProblemError({ status: 400, slug: 'malformed-body', detail: 'The body is not valid JSON', errors: [{ field: '(body)', message: 'malformed' }] });
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ProblemError({ status: 400, slug: 'malformed-body', detail: 'The body must be a JSON object', errors: [{ field: '(body)', message: 'must be an object' }] });
    }
    c.set('decisionForm', body as Record<string, unknown>);
    return next();
  }
  const form = await c.req.parseBody();
  // Empty optional fields arrive as "" from HTML forms; a checkbox arrives as "true" or not at all. A textarea's line
  // breaks arrive as CRLF, two characters where its maxlength counted one: they are LF again before any length check.
  c.set(
    'decisionForm',
    Object.fromEntries(
      Object.entries(form)
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
        .map(([key, value]) => [key, key === 'acceptAgreement' ? value === 'true' : value.replace(/\r\n?/g, '\n')]),
    ),
  );
  return next();
};

/** The fields without the CSRF token, which the sign-in checks and the decision's schema does not know. */
export const withoutCsrf = ({ csrfToken: _csrf, ...rest }: Record<string, unknown>) => rest;
